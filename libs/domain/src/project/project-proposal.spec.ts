import { deciderSpec } from '@app/testing/decider-spec';
import { findPolicy } from '../policy/policy-registry';
import { ProgrammeRequiredError } from './project-decision';
import { projectDecider } from './project.decider';
import {
  actors,
  beneficiary,
  cmd,
  deciderOn,
  nationalProgrammeCreated,
  programmeCreated,
  T,
  World,
  worldAt,
} from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('no project yet', () => {
  describe('CreateProjectDraft', () => {
    it('creates a draft pinned to the programme’s policy', () => {
      given(new World())
        .when(cmd.create())
        .then([
          {
            type: 'ProjectDraftCreated',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              policyId: 'vn-longan-local-2022',
              policyVersion: 1,
              fundingSource: 'local',
              title: 'Ứng dụng máy đóng gói bánh tráng',
              category: 'MACHINERY',
              beneficiary,
              totalCostVnd: 400_000_000,
              requestedSupportVnd: 150_000_000,
              counterpartVnd: 250_000_000,
              plannedStart: '2026-05-01',
              plannedEnd: '2026-10-31',
              objectives: 'Tăng năng suất đóng gói gấp ba',
              createdBy: 'officer-1',
              at: T.created,
            },
          },
        ]);
    });

    it('lets a collaborator create a draft in their commune', () => {
      given(new World())
        .when(cmd.create({ actor: actors.collaborator }))
        .thenMatches([{ type: 'ProjectDraftCreated', data: expect.objectContaining({ createdBy: 'ctv-1' }) }]);
    });

    it('needs an active programme', () => {
      const error = given(new World()).when(cmd.create({ programmeId: 'other' })).thenThrows('PROGRAMME.UNKNOWN');
      expect([error.kind, error.details]).toEqual(['invalid', { field: 'programmeId', programmeId: 'other' }]);
    });

    it('refuses a policy other than the programme’s', () => {
      const policy = findPolicy('vn-2014-national', 1);
      given(new World(programmeCreated(), policy)).when(cmd.create()).thenThrows('POLICY.NOT_PINNED');
    });

    it('refuses an unknown category and a category the policy does not allow', () => {
      const w = new World();
      given(w).when(cmd.create({ category: 'ROBOTS' as never })).thenThrows('PROJECT.UNKNOWN_CATEGORY');
      const error = given(w).when(cmd.create({ category: 'DIGITAL' })).thenThrows('PROJECT.CATEGORY_NOT_ALLOWED');
      expect([error.kind, error.details]).toEqual([
        'invalid',
        { category: 'DIGITAL', policyId: 'vn-longan-local-2022', policyVersion: 1 },
      ]);
    });

    describe('policy pinning', () => {
      const digital = { programmeId: 'kcqg-v1', category: 'DIGITAL' as const, requestedSupportVnd: 150_000_000 };

      it('a programme on vn-2014-national v1 refuses DIGITAL', () => {
        const error = given(new World(nationalProgrammeCreated(1)))
          .when(cmd.create(digital))
          .thenThrows('PROJECT.CATEGORY_NOT_ALLOWED');
        expect(error.details).toMatchObject({ policyId: 'vn-2014-national', policyVersion: 1 });
      });

      it('a programme on vn-2014-national v2 accepts DIGITAL', () => {
        const w = new World(nationalProgrammeCreated(2));
        w.run(cmd.create({ ...digital, programmeId: 'kcqg-v2' }));
        expect(w.project).toMatchObject({ status: 'draft', policyId: 'vn-2014-national', policyVersion: 2 });
      });
    });

    it('refuses a beneficiary kind the policy does not list', () => {
      const error = given(new World())
        .when(cmd.create({ beneficiary: { ...beneficiary, kind: 'ngo' as never } }))
        .thenThrows('PROJECT.BENEFICIARY_KIND_NOT_ALLOWED');
      expect(error.details.kind).toBe('ngo');
    });

    it('keeps a local programme’s projects in its province', () => {
      const error = given(new World())
        .when(cmd.create({ beneficiary: { ...beneficiary, province: '79', commune: '79001' } }))
        .thenThrows('PROJECT.OUT_OF_PROGRAMME_AREA');
      expect([error.kind, error.details]).toEqual(['invalid', { province: '79', programmeProvince: '80', programmeId: 'la-2026' }]);
    });

    it('accepts any province on a national programme', () => {
      const w = new World(nationalProgrammeCreated(1));
      w.run(cmd.create({ programmeId: 'kcqg-v1', beneficiary: { ...beneficiary, province: '79', commune: '79001' } }));
      expect(w.status).toBe('draft');
    });

    it('refuses planned dates out of order', () => {
      const error = given(new World()).when(cmd.create({ plannedStart: '2026-11-01' })).thenThrows('PROJECT.DATES_OUT_OF_ORDER');
      expect(error.details).toEqual({ plannedStart: '2026-11-01', plannedEnd: '2026-10-31' });
    });

    it('needs support plus counterpart to equal the total cost', () => {
      const error = given(new World()).when(cmd.create({ counterpartVnd: 200_000_000 })).thenThrows('PROJECT.FUNDING_MISMATCH');
      expect([error.kind, error.details]).toEqual([
        'invalid',
        { totalCostVnd: 400_000_000, requestedSupportVnd: 150_000_000, counterpartVnd: 200_000_000 },
      ]);
    });

    it.each([
      [{ totalCostVnd: 0 }, 'totalCostVnd'],
      [{ requestedSupportVnd: -1 }, 'requestedSupportVnd'],
      [{ requestedSupportVnd: 1.5 }, 'requestedSupportVnd'],
    ])('refuses amounts that are not positive whole đồng (%o)', (override, field) => {
      const error = given(new World()).when(cmd.create(override)).thenThrows('MONEY.INVALID_AMOUNT');
      expect(error.details.field).toBe(field);
    });

    it('needs a title and objectives', () => {
      const error = given(new World()).when(cmd.create({ title: ' ' })).thenThrows('COMMAND.FIELD_REQUIRED');
      expect(error.details).toEqual({ field: 'title' });
    });

    it('refuses a role the policy does not name, admin included', () => {
      const error = given(new World()).when(cmd.create({ actor: actors.admin })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      expect(error.kind).toBe('forbidden');
      expect(error.details).toMatchObject({ requiredRoles: ['officer', 'collaborator'] });
    });

    it('checks the area of a new draft', () => {
      given(new World()).when(cmd.create({ actor: actors.otherAreaOfficer })).thenThrows('AUTH.OUT_OF_AREA');
    });
  });
});

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
