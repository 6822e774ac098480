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

describe('CreateProjectDraft', () => {
  it('creates a draft pinned to the programme’s policy', () => {
    const decision = new World().decide(cmd.create());
    expect(decision.programme).toEqual([]);
    expect(decision.project).toEqual([
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
    expect(new World().decide(cmd.create({ actor: actors.collaborator })).project[0]?.data).toMatchObject({
      createdBy: 'ctv-1',
    });
  });

  it('needs an active programme', () => {
    const w = new World();
    const error = w.refuse(cmd.create({ programmeId: 'other' }));
    expect([error.code, error.kind, error.details]).toEqual(['PROGRAMME.NOT_FOUND', 'not_found', { programmeId: 'other' }]);
  });

  it('refuses a policy other than the programme’s', () => {
    const policy = findPolicy('vn-2014-national', 1);
    const w = new World(programmeCreated(), policy);
    expect(w.refuse(cmd.create()).code).toBe('POLICY.NOT_PINNED');
  });

  it('refuses an unknown category and a category the policy does not allow', () => {
    const w = new World();
    expect(w.refuse(cmd.create({ category: 'ROBOTS' as never })).code).toBe('PROJECT.UNKNOWN_CATEGORY');
    const error = w.refuse(cmd.create({ category: 'DIGITAL' }));
    expect([error.code, error.kind, error.details]).toEqual([
      'PROJECT.CATEGORY_NOT_ALLOWED',
      'invalid',
      { category: 'DIGITAL', policyId: 'vn-longan-local-2022', policyVersion: 1 },
    ]);
  });

  describe('policy pinning', () => {
    const digital = { programmeId: 'kcqg-v1', category: 'DIGITAL' as const, requestedSupportVnd: 150_000_000 };

    it('a programme on vn-2014-national v1 refuses DIGITAL', () => {
      const w = new World(nationalProgrammeCreated(1));
      expect(w.refuse(cmd.create(digital)).details).toMatchObject({ policyId: 'vn-2014-national', policyVersion: 1 });
    });

    it('a programme on vn-2014-national v2 accepts DIGITAL', () => {
      const w = new World(nationalProgrammeCreated(2));
      w.run(cmd.create({ ...digital, programmeId: 'kcqg-v2' }));
      expect(w.project).toMatchObject({ status: 'draft', policyId: 'vn-2014-national', policyVersion: 2 });
    });
  });

  it('refuses a beneficiary kind the policy does not list', () => {
    const error = new World().refuse(cmd.create({ beneficiary: { ...beneficiary, kind: 'ngo' as never } }));
    expect([error.code, error.details.kind]).toEqual(['PROJECT.BENEFICIARY_KIND_NOT_ALLOWED', 'ngo']);
  });

  it('keeps a local programme’s projects in its province', () => {
    const error = new World().refuse(cmd.create({ beneficiary: { ...beneficiary, province: '79', commune: '79001' } }));
    expect([error.code, error.kind, error.details]).toEqual([
      'PROJECT.OUT_OF_PROGRAMME_AREA',
      'invalid',
      { province: '79', programmeProvince: '80', programmeId: 'la-2026' },
    ]);
  });

  it('accepts any province on a national programme', () => {
    const w = new World(nationalProgrammeCreated(1));
    w.run(cmd.create({ programmeId: 'kcqg-v1', beneficiary: { ...beneficiary, province: '79', commune: '79001' } }));
    expect(w.status).toBe('draft');
  });

  it('refuses planned dates out of order', () => {
    const error = new World().refuse(cmd.create({ plannedStart: '2026-11-01' }));
    expect([error.code, error.details]).toEqual([
      'PROJECT.DATES_OUT_OF_ORDER',
      { plannedStart: '2026-11-01', plannedEnd: '2026-10-31' },
    ]);
  });

  it('needs support plus counterpart to equal the total cost', () => {
    const error = new World().refuse(cmd.create({ counterpartVnd: 200_000_000 }));
    expect([error.code, error.kind, error.details]).toEqual([
      'PROJECT.FUNDING_MISMATCH',
      'invalid',
      { totalCostVnd: 400_000_000, requestedSupportVnd: 150_000_000, counterpartVnd: 200_000_000 },
    ]);
  });

  it.each([
    [{ totalCostVnd: 0 }, 'totalCostVnd'],
    [{ requestedSupportVnd: -1 }, 'requestedSupportVnd'],
    [{ requestedSupportVnd: 1.5 }, 'requestedSupportVnd'],
  ])('refuses amounts that are not positive whole đồng (%o)', (override, field) => {
    const error = new World().refuse(cmd.create(override));
    expect([error.code, error.details.field]).toEqual(['MONEY.INVALID_AMOUNT', field]);
  });

  it('needs a title and objectives', () => {
    expect(new World().refuse(cmd.create({ title: ' ' })).details).toEqual({ field: 'title' });
  });
});

describe('authorisation', () => {
  it('refuses a role the policy does not name, admin included', () => {
    const error = new World().refuse(cmd.create({ actor: actors.admin }));
    expect([error.code, error.kind]).toEqual(['AUTH.ROLE_NOT_ALLOWED', 'forbidden']);
    expect(error.details).toMatchObject({ requiredRoles: ['officer', 'collaborator'] });
  });

  it('lets collaborators only create and update drafts', () => {
    const w = worldAt('draft');
    expect(w.decide(cmd.update({ actor: actors.collaborator, title: 'Tên mới' })).project).toHaveLength(1);
    const error = w.refuse(cmd.submit({ actor: actors.collaborator }));
    expect([error.code, error.details.requiredRoles]).toEqual(['AUTH.ROLE_NOT_ALLOWED', ['officer']]);
  });

  it('keeps area-scoped officers to their province or commune', () => {
    const w = worldAt('draft');
    expect(w.decide(cmd.submit({ actor: actors.areaOfficer })).project).toHaveLength(1);
    const error = w.refuse(cmd.submit({ actor: actors.otherAreaOfficer }));
    expect([error.code, error.kind, error.details]).toEqual([
      'AUTH.OUT_OF_AREA',
      'forbidden',
      { areas: ['79'], province: '80', commune: '80123' },
    ]);
  });

  it('checks the area of a new draft and of a moved establishment', () => {
    expect(new World().refuse(cmd.create({ actor: actors.otherAreaOfficer })).code).toBe('AUTH.OUT_OF_AREA');
    const w = worldAt('draft');
    const moved = { ...beneficiary, commune: '80999' };
    expect(w.refuse(cmd.update({ actor: actors.collaborator, beneficiary: moved })).code).toBe('AUTH.OUT_OF_AREA');
  });

  it('does not scope roles that are not area-bound', () => {
    const w = worldAt('recommended');
    const approver = { ...actors.approver2, areas: ['79'] };
    expect(w.decide(cmd.approve({ actor: approver })).project[0]?.type).toBe('FundingApproved');
  });

  it('refuses a command whose project id is not the state’s', () => {
    expect(worldAt('draft').refuse(cmd.submit({ projectId: 'p-2' })).code).toBe('PROJECT.ID_MISMATCH');
  });
});

describe('UpdateProjectDraft', () => {
  it('records only the fields that change', () => {
    const w = worldAt('draft');
    deciderSpec(deciderOn(w))
      .given(w.history)
      .when(cmd.update({ title: 'Máy đóng gói tự động', objectives: 'Tăng năng suất đóng gói gấp ba' }))
      .then([
        {
          type: 'ProjectDraftUpdated',
          data: { projectId: 'p-1', changes: { title: 'Máy đóng gói tự động' }, updatedBy: 'officer-1', at: T.created },
        },
      ]);
  });

  it('decides nothing when nothing changes', () => {
    expect(worldAt('draft').decide(cmd.update({ title: 'Ứng dụng máy đóng gói bánh tráng' })).project).toEqual([]);
  });

  it('validates the merged proposal', () => {
    expect(worldAt('draft').refuse(cmd.update({ requestedSupportVnd: 100_000_000 })).code).toBe('PROJECT.FUNDING_MISMATCH');
  });

  it('needs the programme, so projectDecider refuses to decide it alone', () => {
    expect(() => projectDecider.decide(cmd.update({ title: 'x' }), worldAt('draft').project)).toThrow(ProgrammeRequiredError);
  });
});

describe('SubmitProposal', () => {
  it('submits a draft inside the registration window', () => {
    const [event] = worldAt('draft').decide(cmd.submit()).project;
    expect(event).toMatchObject({
      type: 'ProposalSubmitted',
      data: { submittedBy: 'officer-1', capVnd: 200_000_000, resubmission: false, requestedSupportVnd: 150_000_000 },
    });
  });

  it.each([
    ['before it opens', '2026-01-04T23:59:00+07:00'],
    ['after it closes', '2026-05-21T00:00:00+07:00'],
    // 2026-05-20T17:30Z is already 21 May in Vietnam.
    ['after it closes by the Vietnamese calendar', '2026-05-20T17:30:00Z'],
  ])('refuses a submission %s', (_label, at) => {
    const error = worldAt('draft').refuse(cmd.submit({ at }));
    expect([error.code, error.kind]).toEqual(['PROGRAMME.REGISTRATION_CLOSED', 'conflict']);
    expect(error.details).toMatchObject({ opensOn: '2026-01-05', closesOn: '2026-05-20' });
  });

  it('needs both declarations', () => {
    const error = worldAt('draft').refuse(
      cmd.submit({ declarations: { counterpartCommitted: true, noDoubleFunding: false } }),
    );
    expect([error.code, error.details]).toEqual([
      'PROJECT.DECLARATION_MISSING',
      { counterpartCommitted: true, noDoubleFunding: false },
    ]);
  });

  it('refuses a request above the category cap, naming the policy figures', () => {
    const w = new World().run(
      cmd.create({ totalCostVnd: 500_000_000, requestedSupportVnd: 260_000_000, counterpartVnd: 240_000_000 }),
    );
    const error = w.refuse(cmd.submit());
    expect([error.code, error.kind]).toEqual(['FUNDING.CAP_EXCEEDED', 'conflict']);
    expect(error.details).toMatchObject({ capPercent: 50, capVnd: 300_000_000, maxVnd: 250_000_000, requestedSupportVnd: 260_000_000 });
  });

  it('accepts a resubmission after the window closed, since the centre asked for it', () => {
    const w = worldAt('info_requested');
    spec
      .given(w.history)
      .when(cmd.submit({ at: '2026-06-15T09:00:00+07:00' }))
      .thenMatches([{ type: 'ProposalSubmitted', data: expect.objectContaining({ resubmission: true }) }]);
  });
});

describe('information requests', () => {
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

  it('refuses a reply deadline that is not after the request', () => {
    const error = worldAt('submitted').refuse(cmd.requestInfo({ replyDueAt: T.submitted }));
    expect([error.code, error.kind]).toEqual(['DEADLINE.IN_PAST', 'invalid']);
  });

  it('needs a reason and a note', () => {
    expect(worldAt('submitted').refuse(cmd.requestInfo({ reason: '' })).code).toBe('COMMAND.FIELD_REQUIRED');
    expect(worldAt('info_requested').refuse(cmd.provideInfo({ note: '' })).code).toBe('COMMAND.FIELD_REQUIRED');
  });
});

describe('WithdrawProposal', () => {
  it.each(['draft', 'submitted', 'info_requested', 'in_appraisal', 'recommended', 'not_recommended'] as const)(
    'withdraws from %s without touching the budget',
    (status) => {
      const w = worldAt(status);
      const decision = w.decide(cmd.withdraw({ at: T.closed }));
      expect(decision.programme).toEqual([]);
      expect(decision.project).toEqual([
        {
          type: 'ProposalWithdrawn',
          data: { projectId: 'p-1', reason: 'Cơ sở đổi ý', fromStatus: status, withdrawnBy: 'officer-1', at: T.closed },
        },
      ]);
    },
  );
});
