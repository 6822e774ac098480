// The Project decider from draft to approval: updates, submission, information requests, withdrawal.
import { deciderSpec } from '@app/testing/decider-spec';
import { ProgrammeRequiredError } from './project-decision';
import { projectDecider } from './project.decider';
import {
  actors,
  beneficiary,
  cmd,
  deciderOn,
  T,
  World,
  worldAt,
} from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('draft', () => {
  describe('CreateProjectDraft', () => {
    it('refuses creation of a project that exists', () => {
      const error = given(worldAt('draft')).when(cmd.create()).thenThrows('PROJECT.ALREADY_EXISTS');
      expect(error.kind).toBe('conflict');
    });
  });

  describe('UpdateProjectDraft', () => {
    it('records only the fields that change', () => {
      given(worldAt('draft'))
        .when(cmd.update({ title: 'Máy đóng gói tự động', objectives: 'Tăng năng suất đóng gói gấp ba' }))
        .then([
          {
            type: 'ProjectDraftUpdated',
            data: { projectId: 'p-1', changes: { title: 'Máy đóng gói tự động' }, updatedBy: 'officer-1', at: T.created },
          },
        ]);
    });

    it('decides nothing when nothing changes', () => {
      given(worldAt('draft')).when(cmd.update({ title: 'Ứng dụng máy đóng gói bánh tráng' })).thenNothing();
    });

    it('validates the merged proposal', () => {
      given(worldAt('draft')).when(cmd.update({ requestedSupportVnd: 100_000_000 })).thenThrows('PROJECT.FUNDING_MISMATCH');
    });

    it('needs the programme, so projectDecider refuses to decide it alone', () => {
      expect(() => projectDecider.decide(cmd.update({ title: 'x' }), worldAt('draft').project)).toThrow(ProgrammeRequiredError);
    });

    it('lets a collaborator update a draft', () => {
      given(worldAt('draft'))
        .when(cmd.update({ actor: actors.collaborator, title: 'Tên mới' }))
        .thenMatches([{ type: 'ProjectDraftUpdated' }]);
    });

    it('checks the area of a moved establishment', () => {
      const moved = { ...beneficiary, commune: '80999' };
      given(worldAt('draft')).when(cmd.update({ actor: actors.collaborator, beneficiary: moved })).thenThrows('AUTH.OUT_OF_AREA');
    });
  });

  describe('SubmitProposal', () => {
    it('submits a draft inside the registration window', () => {
      given(worldAt('draft'))
        .when(cmd.submit())
        .thenMatches([
          {
            type: 'ProposalSubmitted',
            data: expect.objectContaining({
              submittedBy: 'officer-1',
              capVnd: 200_000_000,
              resubmission: false,
              requestedSupportVnd: 150_000_000,
            }),
          },
        ]);
    });

    it.each([
      ['before it opens', '2026-01-04T23:59:00+07:00'],
      ['after it closes', '2026-05-21T00:00:00+07:00'],
      // 2026-05-20T17:30Z is already 21 May in Vietnam.
      ['after it closes by the Vietnamese calendar', '2026-05-20T17:30:00Z'],
    ])('refuses a submission %s', (_label, at) => {
      const error = given(worldAt('draft')).when(cmd.submit({ at })).thenThrows('PROGRAMME.REGISTRATION_CLOSED');
      expect(error.kind).toBe('conflict');
      expect(error.details).toMatchObject({ opensOn: '2026-01-05', closesOn: '2026-05-20' });
    });

    it('needs both declarations', () => {
      const error = given(worldAt('draft'))
        .when(cmd.submit({ declarations: { counterpartCommitted: true, noDoubleFunding: false } }))
        .thenThrows('PROJECT.DECLARATION_MISSING');
      expect(error.details).toEqual({ counterpartCommitted: true, noDoubleFunding: false });
    });

    it('refuses a request above the category cap, naming the policy figures', () => {
      const w = new World().run(
        cmd.create({ totalCostVnd: 500_000_000, requestedSupportVnd: 260_000_000, counterpartVnd: 240_000_000 }),
      );
      const error = given(w).when(cmd.submit()).thenThrows('FUNDING.CAP_EXCEEDED');
      expect(error.kind).toBe('conflict');
      expect(error.details).toMatchObject({ capPercent: 50, capVnd: 300_000_000, maxVnd: 250_000_000, requestedSupportVnd: 260_000_000 });
    });

    it('refuses a collaborator: only officers submit', () => {
      const error = given(worldAt('draft')).when(cmd.submit({ actor: actors.collaborator })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      expect(error.details.requiredRoles).toEqual(['officer']);
    });

    it('keeps area-scoped officers to their province or commune', () => {
      given(worldAt('draft'))
        .when(cmd.submit({ actor: actors.areaOfficer }))
        .thenMatches([{ type: 'ProposalSubmitted' }]);
      const error = given(worldAt('draft')).when(cmd.submit({ actor: actors.otherAreaOfficer })).thenThrows('AUTH.OUT_OF_AREA');
      expect([error.kind, error.details]).toEqual(['forbidden', { areas: ['79'], province: '80', commune: '80123' }]);
    });

    it('refuses a command whose project id is not the state’s', () => {
      given(worldAt('draft')).when(cmd.submit({ projectId: 'p-2' })).thenThrows('PROJECT.ID_MISMATCH');
    });
  });
});

describe('submitted', () => {
  describe('RequestInformation', () => {
    it('moves a submitted proposal to info_requested with the policy’s default reply time', () => {
      spec
        .given(worldAt('submitted').history)
        .when(cmd.requestInfo({ replyDueAt: '2026-03-17T17:00:00+07:00' }))
        .then([
          {
            type: 'InformationRequested',
            data: {
              projectId: 'p-1',
              reason: 'Thiếu báo giá máy',
              replyDueAt: '2026-03-17T17:00:00+07:00',
              replyBusinessDays: 10,
              fromStatus: 'submitted',
              requestedBy: 'officer-1',
              at: T.submitted,
            },
          },
        ]);
    });

    it('refuses a reply deadline that is not after the request', () => {
      const error = given(worldAt('submitted')).when(cmd.requestInfo({ replyDueAt: T.submitted })).thenThrows('DEADLINE.IN_PAST');
      expect(error.kind).toBe('invalid');
    });

    it('needs a reason', () => {
      given(worldAt('submitted')).when(cmd.requestInfo({ reason: '' })).thenThrows('COMMAND.FIELD_REQUIRED');
    });
  });
});

describe('info_requested', () => {
  describe('SubmitProposal', () => {
    it('accepts a resubmission after the window closed, since the centre asked for it', () => {
      given(worldAt('info_requested'))
        .when(cmd.submit({ at: '2026-06-15T09:00:00+07:00' }))
        .thenMatches([{ type: 'ProposalSubmitted', data: expect.objectContaining({ resubmission: true }) }]);
    });
  });

  describe('ProvideInformation', () => {
    it('needs a note', () => {
      given(worldAt('info_requested')).when(cmd.provideInfo({ note: '' })).thenThrows('COMMAND.FIELD_REQUIRED');
    });
  });
});

describe('in_appraisal', () => {
  describe('RequestInformation', () => {
    it('returns a reply to the status the request came from', () => {
      const w = worldAt('in_appraisal').run(cmd.requestInfo({ at: T.scored }));
      expect(w.project).toMatchObject({ status: 'info_requested', infoRequest: { returnTo: 'in_appraisal' } });
      spec
        .given(w.history)
        .when(cmd.provideInfo())
        .thenMatches([{ type: 'InformationProvided', data: expect.objectContaining({ returnsTo: 'in_appraisal' }) }]);
      w.run(cmd.provideInfo());
      expect(w.project).toMatchObject({ status: 'in_appraisal', appraisal: { panel: ['appraiser-1', 'appraiser-2', 'appraiser-3'] } });
    });
  });
});

describe('recommended', () => {
  describe('ApproveFunding', () => {
    it('does not scope roles that are not area-bound', () => {
      const approver = { ...actors.approver2, areas: ['79'] };
      given(worldAt('recommended'))
        .when(cmd.approve({ actor: approver }))
        .thenMatches([{ type: 'FundingApproved' }, { type: 'FundsReserved' }]);
    });
  });
});

describe('every status before approval', () => {
  describe('WithdrawProposal', () => {
    it.each(['draft', 'submitted', 'info_requested', 'in_appraisal', 'recommended', 'not_recommended'] as const)(
      'withdraws from %s without touching the budget',
      (status) => {
        given(worldAt(status))
          .when(cmd.withdraw({ at: T.closed }))
          .then([
            {
              type: 'ProposalWithdrawn',
              data: { projectId: 'p-1', reason: 'Cơ sở đổi ý', fromStatus: status, withdrawnBy: 'officer-1', at: T.closed },
            },
          ]);
      },
    );
  });
});
