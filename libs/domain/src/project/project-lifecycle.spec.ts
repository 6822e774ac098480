import { deciderSpec } from '@app/testing/decider-spec';
import { type ProjectCommand, PROJECT_COMMAND_TYPES } from './project.commands';
import { projectDecider } from './project.decider';
import { PROJECT_STATUSES, type ProjectStatus } from './project.state';
import { iatiActivityStatus, INDIVIDUAL_RECIPIENT_NAME, openDataRecipient } from './project-open-data';
import { isAllowedFrom, PROJECT_TRANSITIONS, type ProjectTransitionCommand } from './project-transitions';
import { actors, cmd, deciderOn, T, World, worldAt } from '../testing/domain-fixtures';

/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('project lifecycle', () => {
  it('runs a local project from draft to closed, moving the programme budget with it', () => {
    const w = new World();
    const statuses: string[] = [];
    const step = (...commands: ProjectCommand[]) => {
      w.run(...commands);
      statuses.push(w.status);
    };
    step(cmd.create());
    step(cmd.update({ title: 'Ứng dụng máy đóng gói bánh tráng tự động' }));
    step(cmd.submit());
    step(cmd.requestInfo());
    step(cmd.provideInfo());
    step(cmd.openAppraisal());
    step(cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
    step(cmd.conclude());
    step(cmd.approve());
    step(cmd.signContract());
    step(cmd.start());
    step(cmd.progress());
    step(cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment());
    step(cmd.complete());
    step(cmd.accept());
    step(
      cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
      cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
      cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002', at: T.finalPaid }),
    );
    step(cmd.submitSettlement({ spentVnd: 145_000_000 }));
    step(cmd.approveSettlement({ approvedVnd: 145_000_000 }));
    step(cmd.recordRefund({ amountVnd: 5_000_000 }));
    step(cmd.recordOutcome());
    step(cmd.recordOutcome({ measuredOn: '2027-11-01', at: '2027-11-01T09:00:00+07:00' }));
    step(cmd.close());

    expect(statuses).toEqual([
      'draft',
      'draft',
      'submitted',
      'info_requested',
      'submitted',
      'in_appraisal',
      'in_appraisal',
      'recommended',
      'approved',
      'contracted',
      'in_implementation',
      'in_implementation',
      'in_implementation',
      'awaiting_acceptance',
      'accepted',
      'accepted',
      'settlement_submitted',
      'settled',
      'settled',
      'in_post_evaluation',
      'in_post_evaluation',
      'closed',
    ]);
    expect(w.history.map((e) => e.type)).toEqual([
      'ProjectDraftCreated',
      'ProjectDraftUpdated',
      'ProposalSubmitted',
      'InformationRequested',
      'InformationProvided',
      'AppraisalOpened',
      'ProposalScored',
      'ProposalScored',
      'ProposalScored',
      'ProposalRecommended',
      'FundingApproved',
      'ContractSigned',
      'ImplementationStarted',
      'ProgressReported',
      'TrancheRequested',
      'TrancheApproved',
      'PaymentConfirmed',
      'CompletionDeclared',
      'AcceptanceRecorded',
      'TrancheRequested',
      'TrancheApproved',
      'PaymentConfirmed',
      'SettlementSubmitted',
      'SettlementApproved',
      'RefundDemanded',
      'RefundRecorded',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'ProjectClosed',
    ]);
    expect(w.programmeHistory.map((e) => [e.type, 'amountVnd' in e.data ? e.data.amountVnd : null])).toEqual([
      ['ProgrammeCreated', null],
      ['FundsReserved', 150_000_000],
      ['ReservationReleased', 5_000_000],
    ]);
    expect(w.programme).toMatchObject({ reservedVnd: 145_000_000, releasedVnd: 5_000_000, totalVnd: 1_000_000_000 });
    expect(w.project).toMatchObject({ refunds: { demandedVnd: 5_000_000, refundedVnd: 5_000_000 } });
  });

  it('folds with projectDecider the same state the World reached', () => {
    const w = worldAt('closed');
    const folded = w.history.reduce(projectDecider.evolve, projectDecider.initialState);
    expect(folded).toEqual(w.project);
  });

  it('gives an unknown project PROJECT.NOT_FOUND for any command but creation', () => {
    const error = deciderSpec(projectDecider).given([]).when(cmd.submit()).thenThrows('PROJECT.NOT_FOUND');
    expect(error.kind).toBe('not_found');
  });
});

/** A valid command of each type, to try in every status. */
const SAMPLE: Record<ProjectTransitionCommand, () => ProjectCommand> = {
  UpdateProjectDraft: () => cmd.update({ title: 'x' }),
  SubmitProposal: () => cmd.submit(),
  RequestInformation: () => cmd.requestInfo(),
  ProvideInformation: () => cmd.provideInfo(),
  WithdrawProposal: () => cmd.withdraw(),
  OpenAppraisal: () => cmd.openAppraisal(),
  DeclareConflict: () => cmd.declareConflict(),
  ScoreProposal: () => cmd.score(),
  ConcludeAppraisal: () => cmd.conclude(),
  ApproveFunding: () => cmd.approve(),
  RejectFunding: () => cmd.reject(),
  SignContract: () => cmd.signContract(),
  StartImplementation: () => cmd.start(),
  ReportProgress: () => cmd.progress(),
  RequestTranche: () => cmd.requestTranche(),
  ApproveTranche: () => cmd.approveTranche(),
  RejectTranche: () => cmd.rejectTranche(),
  ConfirmPayment: () => cmd.confirmPayment(),
  FailPayment: () => cmd.failPayment(),
  RequestAmendment: () => cmd.requestAmendment(),
  DecideAmendment: () => cmd.decideAmendment(),
  SuspendProject: () => cmd.suspend(),
  ResumeProject: () => cmd.resume(),
  TerminateProject: () => cmd.terminate(),
  DeclareCompletion: () => cmd.complete(),
  RecordAcceptance: () => cmd.accept(),
  SubmitSettlement: () => cmd.submitSettlement(),
  ApproveSettlement: () => cmd.approveSettlement(),
  RecordRefund: () => cmd.recordRefund(),
  RecordOutcome: () => cmd.recordOutcome(),
  CloseProject: () => cmd.close(),
  AttachDocument: () => cmd.attach(),
  RecordPaperDocument: () => cmd.paper(),
  SupersedeDocument: () => cmd.supersede(),
};

/*
 * Allowed by status, yet refused with the same code by the appraisal's stage: a new panel only
 * after a level passed or when recusals broke the quorum (project-appraisal.spec.ts).
 */
const REFUSED_BY_STAGE: readonly string[] = ['OpenAppraisal in in_appraisal'];

describe('transition table', () => {
  const worlds = new Map(PROJECT_STATUSES.map((s) => [s, worldAt(s)]));
  const commandTypes = Object.keys(PROJECT_TRANSITIONS) as ProjectTransitionCommand[];
  const worldIn = (status: ProjectStatus): World => {
    const world = worlds.get(status);
    if (world === undefined) throw new Error('missing world');
    expect(world.status).toBe(status);
    return world;
  };

  it('lists every project command but creation', () => {
    expect([...commandTypes].sort()).toEqual(PROJECT_COMMAND_TYPES.filter((t) => t !== 'CreateProjectDraft').sort());
  });

  for (const status of PROJECT_STATUSES) {
    const refused = commandTypes.filter((t) => !isAllowedFrom(t, status));
    it(`refuses ${refused.length} commands in ${status} with PROJECT.INVALID_TRANSITION`, () => {
      const world = worldIn(status);
      for (const type of refused) {
        const error = given(world).when({ ...SAMPLE[type](), actor: actors.everyone }).thenThrows('PROJECT.INVALID_TRANSITION');
        expect([type, error.kind, error.details]).toEqual([type, 'conflict', { command: type, state: status }]);
      }
    });

    const allowed = commandTypes.filter((t) => isAllowedFrom(t, status) && !REFUSED_BY_STAGE.includes(`${t} in ${status}`));
    if (allowed.length === 0) continue;
    it(`lets ${allowed.length} commands past the status check in ${status}`, () => {
      const world = worldIn(status);
      for (const type of allowed) {
        let code = 'decided';
        try {
          world.decide({ ...SAMPLE[type](), actor: actors.everyone });
        } catch (error) {
          code = (error as { code?: string }).code ?? String(error);
        }
        expect([type, code]).not.toEqual([type, 'PROJECT.INVALID_TRANSITION']);
      }
    });
  }
});

describe('iatiActivityStatus', () => {
  it.each([
    ['draft', 1],
    ['approved', 1],
    ['contracted', 2],
    ['awaiting_acceptance', 2],
    ['accepted', 3],
    ['settlement_submitted', 3],
    ['settled', 4],
    ['closed', 4],
    ['terminated', 5],
    ['withdrawn', 5],
    ['suspended', 6],
  ] as const)('maps %s to %i', (status, code) => {
    expect(iatiActivityStatus(status)).toBe(code);
  });

  it('maps every status', () => {
    for (const status of PROJECT_STATUSES) expect([1, 2, 3, 4, 5, 6]).toContain(iatiActivityStatus(status));
  });
});

describe('openDataRecipient', () => {
  it('names organisations by their registered name and a household business only generically', () => {
    expect(openDataRecipient({ name: 'Công ty TNHH Gạch Đức Hòa', kind: 'enterprise', taxCode: '1101234567' })).toEqual({ kind: 'organization', name: 'Công ty TNHH Gạch Đức Hòa', taxCode: '1101234567' });
    expect(openDataRecipient({ name: 'HTX Muối Cần Giờ', kind: 'cooperative' })).toEqual({ kind: 'organization', name: 'HTX Muối Cần Giờ' });
    const household = openDataRecipient({ name: 'Hộ kinh doanh Lê Văn Tám', kind: 'household_business', taxCode: '8012345678' });
    expect(household).toEqual({ kind: 'individual', name: INDIVIDUAL_RECIPIENT_NAME });
    expect(JSON.stringify(household)).not.toMatch(/Lê Văn Tám|8012345678/);
  });
});
