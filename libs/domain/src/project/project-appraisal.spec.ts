import { deciderSpec } from '@app/testing/decider-spec';
import { VN_2014_NATIONAL_V1 } from '../policy/vn-2014-national.policy';
import { projectDecider } from './project.decider';
import type { ProjectEvent } from './project.events';
import { weightedScore } from './project-appraisal.rules';
import { actors, cmd, nationalProgrammeCreated, T, World, worldAt } from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
const low = { fit: 4, necessity: 5, cost: 5, capacity: 6, dossier: 5 };

describe('submitted or in_appraisal', () => {
  describe('OpenAppraisal', () => {
    it('opens the first level with the named panel', () => {
      spec
        .given(worldAt('submitted').history)
        .when(cmd.openAppraisal({ dueAt: '2026-03-31T17:00:00+07:00' }))
        .then([
          {
            type: 'AppraisalOpened',
            data: {
              projectId: 'p-1',
              level: 'province',
              levelIndex: 0,
              levelCount: 1,
              panel: ['appraiser-1', 'appraiser-2', 'appraiser-3'],
              quorum: 3,
              dueAt: '2026-03-31T17:00:00+07:00',
              scoringBusinessDays: 15,
              reopened: false,
              openedBy: 'officer-1',
              at: T.appraisalOpened,
            },
          },
        ]);
    });

    it('needs a quorum of distinct members', () => {
      const error = spec
        .given(worldAt('submitted').history)
        .when(cmd.openAppraisal({ panel: ['appraiser-1', 'appraiser-2', 'appraiser-1'] }))
        .thenThrows('APPRAISAL.PANEL_TOO_SMALL');
      expect(error.details).toMatchObject({ quorum: 3, members: 2 });
    });

    it('keeps the creator and the submitter off the panel', () => {
      const error = spec
        .given(worldAt('submitted').history)
        .when(cmd.openAppraisal({ panel: ['appraiser-1', 'appraiser-2', 'officer-1'] }))
        .thenThrows('APPRAISAL.PANEL_CONFLICT');
      expect(error.details).toMatchObject({ members: ['officer-1'] });
    });

    it('refuses a scoring deadline that is not after the command', () => {
      spec
        .given(worldAt('submitted').history)
        .when(cmd.openAppraisal({ dueAt: '2026-03-01T09:00:00+07:00' }))
        .thenThrows('DEADLINE.IN_PAST');
    });

    it('refuses to open a level whose panel is still working', () => {
      spec.given(worldAt('in_appraisal').history).when(cmd.openAppraisal()).thenThrows('PROJECT.INVALID_TRANSITION');
    });

    it('reopens the level with a new panel when recusals break the quorum, keeping valid scores', () => {
      const w = worldAt('in_appraisal').run(cmd.score({ actor: actors.a2 }), cmd.declareConflict({ actor: actors.a1 }));
      spec
        .given(w.history)
        .when(cmd.openAppraisal({ panel: ['appraiser-1', 'appraiser-2', 'appraiser-3', 'appraiser-4'] }))
        .thenThrows('APPRAISAL.PANEL_CONFLICT');
      w.run(cmd.openAppraisal({ panel: ['appraiser-2', 'appraiser-3', 'appraiser-4'], at: T.scored }));
      expect(w.history[w.history.length - 1]?.data).toMatchObject({ reopened: true, level: 'province' });
      expect(w.project).toMatchObject({ appraisal: { scores: { 'appraiser-2': expect.any(Object) } } });
      w.run(cmd.score({ actor: actors.a3 }), cmd.score({ actor: actors.a4 }), cmd.conclude());
      expect(w.status).toBe('recommended');
    });
  });
});

describe('in_appraisal', () => {
  describe('DeclareConflict', () => {
    it('recuses a panel member once', () => {
      const w = worldAt('in_appraisal');
      spec
        .given(w.history)
        .when(cmd.declareConflict())
        .then([
          {
            type: 'ConflictDeclared',
            data: { projectId: 'p-1', appraiserId: 'appraiser-1', level: 'province', note: 'Người thân của chủ cơ sở', at: T.scored },
          },
        ]);
      w.run(cmd.declareConflict());
      spec.given(w.history).when(cmd.declareConflict()).thenThrows('APPRAISAL.ALREADY_RECUSED');
    });

    it('is only for panel members', () => {
      const error = spec.given(worldAt('in_appraisal').history).when(cmd.declareConflict({ actor: actors.a4 })).thenThrows('APPRAISAL.NOT_ON_PANEL');
      expect(error.kind).toBe('forbidden');
    });
  });

  describe('ScoreProposal', () => {
    it('records the criteria and the weighted score under the pinned rubric', () => {
      spec
        .given(worldAt('in_appraisal').history)
        .when(cmd.score({ comment: 'Máy phù hợp' }))
        .then([
          {
            type: 'ProposalScored',
            data: {
              projectId: 'p-1',
              appraiserId: 'appraiser-1',
              level: 'province',
              scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 },
              // (8·25 + 7·25 + 6·20 + 7·20 + 9·10) / 100
              weightedScore: 7.25,
              comment: 'Máy phù hợp',
              policyId: 'vn-longan-local-2022',
              policyVersion: 1,
              at: T.scored,
            },
          },
        ]);
    });

    it('refuses members off the panel, recused members and second scores', () => {
      const w = worldAt('in_appraisal').run(cmd.score({ actor: actors.a2 }), cmd.declareConflict({ actor: actors.a1 }));
      const given = spec.given(w.history);
      expect(given.when(cmd.score({ actor: actors.a4 })).thenThrows('APPRAISAL.NOT_ON_PANEL').kind).toBe('forbidden');
      expect(given.when(cmd.score({ actor: actors.a1 })).thenThrows('APPRAISAL.RECUSED').kind).toBe('forbidden');
      expect(given.when(cmd.score({ actor: actors.a2 })).thenThrows('APPRAISAL.ALREADY_SCORED').kind).toBe('conflict');
    });

    it('needs every criterion, within the score range, and no other', () => {
      const given = spec.given(worldAt('in_appraisal').history);
      const outOfRange = given.when(cmd.score({ scores: { fit: 11, necessity: 7, cost: 6, capacity: 7, dossier: 9 } }));
      expect(outOfRange.thenThrows('APPRAISAL.SCORE_OUT_OF_RANGE').details).toEqual({
        criterion: 'fit',
        score: 11,
        minScore: 0,
        maxScore: 10,
      });
      given.when(cmd.score({ scores: { fit: -1, necessity: 7, cost: 6, capacity: 7, dossier: 9 } })).thenThrows('APPRAISAL.SCORE_OUT_OF_RANGE');
      expect(given.when(cmd.score({ scores: { fit: 8 } })).thenThrows('APPRAISAL.CRITERION_MISSING').details).toMatchObject({
        missing: ['necessity', 'cost', 'capacity', 'dossier'],
      });
      given
        .when(cmd.score({ scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9, beauty: 10 } }))
        .thenThrows('APPRAISAL.UNKNOWN_CRITERION');
    });
  });

  describe('ConcludeAppraisal', () => {
    const scored = () =>
      worldAt('in_appraisal').run(
        cmd.score({ actor: actors.a1 }),
        cmd.score({ actor: actors.a2 }),
        cmd.score({ actor: actors.a3, scores: low }),
      );

    it('recommends with the mean of the appraisers’ weighted scores', () => {
      spec
        .given(scored().history)
        .when(cmd.conclude())
        .then([
          {
            type: 'ProposalRecommended',
            data: {
              projectId: 'p-1',
              level: 'province',
              // (7.25 + 7.25 + 4.95) / 3 = 6.4833…
              meanScore: 6.48,
              scoreCount: 3,
              passMark: 6,
              minutesRef: 'BB-TD-01',
              concludedBy: 'approver-1',
              recommendedSupportVnd: 150_000_000,
              requestedSupportVnd: 150_000_000,
              capVnd: 200_000_000,
              at: T.concluded,
            },
          },
        ]);
    });

    it('records a non-recommendation as a decision, whatever the mean', () => {
      spec
        .given(scored().history)
        .when(cmd.conclude({ recommend: false }))
        .thenMatches([{ type: 'ProposalNotRecommended', data: expect.objectContaining({ meanScore: 6.48 }) }]);
    });

    it('needs a quorum of scores from members who are not recused', () => {
      const w = worldAt('in_appraisal').run(
        cmd.score({ actor: actors.a1 }),
        cmd.score({ actor: actors.a2 }),
        cmd.score({ actor: actors.a3 }),
        cmd.declareConflict({ actor: actors.a3 }),
      );
      const error = spec.given(w.history).when(cmd.conclude()).thenThrows('APPRAISAL.QUORUM_NOT_MET');
      expect(error.details).toMatchObject({ quorum: 3, count: 2 });
    });

    it('refuses to recommend below the pass mark', () => {
      const w = worldAt('in_appraisal').run(
        cmd.score({ actor: actors.a1, scores: low }),
        cmd.score({ actor: actors.a2, scores: low }),
        cmd.score({ actor: actors.a3 }),
      );
      const error = spec.given(w.history).when(cmd.conclude()).thenThrows('APPRAISAL.BELOW_PASS_MARK');
      expect(error.details).toMatchObject({ passMark: 6, meanScore: 5.72 });
    });

    it('keeps the recommendation within the request and the cap', () => {
      const given = spec.given(scored().history);
      expect(given.when(cmd.conclude({ recommendedSupportVnd: 150_000_001 })).thenThrows('FUNDING.EXCEEDS_REQUESTED').details).toEqual({
        recommendedSupportVnd: 150_000_001,
        requestedSupportVnd: 150_000_000,
      });
      // A request recorded above today's cap (facts are never refused) is still capped at conclusion.
      const history = scored().history.map((e): ProjectEvent =>
        e.type === 'ProposalSubmitted'
          ? { ...e, data: { ...e.data, requestedSupportVnd: 300_000_000, counterpartVnd: 100_000_000 } }
          : e,
      );
      const error = spec.given(history).when(cmd.conclude({ recommendedSupportVnd: 250_000_000 })).thenThrows('FUNDING.CAP_EXCEEDED');
      expect(error.details).toMatchObject({ capPercent: 50, capVnd: 300_000_000, maxVnd: 200_000_000 });
    });

    it('is not concluded by someone who scored', () => {
      const scorer = { id: 'appraiser-1', roles: ['appraiser', 'approver'] as const };
      const error = spec
        .given(scored().history)
        .when(cmd.conclude({ actor: { ...scorer, roles: [...scorer.roles] } }))
        .thenThrows('APPRAISAL.SEPARATION_OF_DUTIES');
      expect(error.kind).toBe('forbidden');
    });
  });

  describe('ConcludeAppraisal on a multi-level rubric (vn-2014-national)', () => {
    const national = () => {
      const w = new World(nationalProgrammeCreated(1));
      return w.run(
        cmd.create({ programmeId: 'kcqg-v1' }),
        cmd.submit(),
        cmd.openAppraisal(),
        cmd.score({ actor: actors.a1 }),
        cmd.score({ actor: actors.a2 }),
        cmd.score({ actor: actors.a3 }),
      );
    };

    it('passes the base level and waits for the ministry panel', () => {
      const w = national();
      spec
        .given(w.history)
        .when(cmd.conclude({ recommendedSupportVnd: 140_000_000 }))
        .then([
          {
            type: 'AppraisalLevelPassed',
            data: {
              projectId: 'p-1',
              level: 'base',
              meanScore: 7.4,
              scoreCount: 3,
              passMark: 5,
              minutesRef: 'BB-TD-01',
              concludedBy: 'approver-1',
              nextLevel: 'ministry',
              proposedSupportVnd: 140_000_000,
              at: T.concluded,
            },
          },
        ]);
      w.run(cmd.conclude({ recommendedSupportVnd: 140_000_000 }));
      expect(w.status).toBe('in_appraisal');
      const waiting = spec.given(w.history);
      waiting.when(cmd.score({ actor: actors.a4 })).thenThrows('APPRAISAL.NO_OPEN_PANEL');
      waiting.when(cmd.conclude()).thenThrows('APPRAISAL.NO_OPEN_PANEL');
    });

    it('recommends only at the last level, defaulting to the amount the base level proposed', () => {
      const w = national().run(cmd.conclude({ recommendedSupportVnd: 140_000_000 }));
      w.run(cmd.openAppraisal({ panel: ['appraiser-4', 'appraiser-5', 'appraiser-6'], at: T.concluded }));
      expect(w.history[w.history.length - 1]?.data).toMatchObject({ level: 'ministry', levelIndex: 1, levelCount: 2 });
      const ministry = (id: string) => ({ id, roles: ['appraiser' as const] });
      w.run(
        cmd.score({ actor: ministry('appraiser-4'), at: T.concluded }),
        cmd.score({ actor: ministry('appraiser-5'), at: T.concluded }),
        cmd.score({ actor: ministry('appraiser-6'), at: T.concluded, scores: low }),
      );
      // The ministry level is concluded by the ministry: a provincial approver is refused, naming it.
      const refused = spec.given(w.history).when(cmd.conclude({ recommendedSupportVnd: undefined, actor: actors.approver2 })).thenThrows('AUTHORITY.INSUFFICIENT');
      expect([refused.kind, refused.details]).toEqual(['forbidden', { level: 'ministry', requiredAuthority: 'ministry', actorAuthority: 'people_committee' }]);
      spec
        .given(w.history)
        .when(cmd.conclude({ recommendedSupportVnd: undefined, actor: actors.ministryApprover }))
        .thenMatches([
          {
            type: 'ProposalRecommended',
            data: expect.objectContaining({ level: 'ministry', recommendedSupportVnd: 140_000_000, meanScore: 6.6 }),
          },
        ]);
    });

    it('ends at any level with a non-recommendation', () => {
      const w = national().run(cmd.conclude({ recommend: false }));
      expect(w.status).toBe('not_recommended');
    });
  });
});

describe('weightedScore', () => {
  it('weighs criteria equally on the national rubric', () => {
    expect(weightedScore(VN_2014_NATIONAL_V1, { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 })).toBeCloseTo(7.4);
  });
});
