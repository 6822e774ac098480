import { findPolicy } from '../policy/policy-registry';
import type { PolicySet } from '../policy/policy-set';
import type { ProgrammeEvent } from '../programme/programme.events';
import { evolveProgramme, type ProgrammeState } from '../programme/programme.state';
import type {
  Beneficiary,
  ProjectCommand,
  ProjectCommandType,
} from '../project/project.commands';
import { decideProject } from '../project/project.decider';
import type { ProjectDecision } from '../project/project-decision';
import type { ProjectEvent } from '../project/project.events';
import { evolveProject } from '../project/project.evolve';
import type { ProjectState, ProjectStatus } from '../project/project.state';
import { type Actor, type Decider, type Instant, ROLES } from '../shared';
import { PROGRAMME_EVENT_TYPES } from '../programme/programme.events';

/*
 * Fixtures for the domain's own specs: fixed actors, instants and programmes, command builders
 * with valid defaults, and a World that runs commands through decideProject so a spec can reach
 * any status by the same path production takes. Specs state decisions and refusals with
 * given/when/then over `deciderOn(world)`.
 */

export const PROJECT_ID = 'p-1';

export const actors = {
  officer: { id: 'officer-1', roles: ['officer'] },
  officer2: { id: 'officer-2', roles: ['officer'] },
  areaOfficer: { id: 'officer-80', roles: ['officer'], areas: ['80'] },
  otherAreaOfficer: { id: 'officer-79', roles: ['officer'], areas: ['79'] },
  collaborator: { id: 'ctv-1', roles: ['collaborator'], areas: ['80123'] },
  a1: { id: 'appraiser-1', roles: ['appraiser'] },
  a2: { id: 'appraiser-2', roles: ['appraiser'] },
  a3: { id: 'appraiser-3', roles: ['appraiser'] },
  a4: { id: 'appraiser-4', roles: ['appraiser'] },
  approver: { id: 'approver-1', roles: ['approver'] },
  approver2: { id: 'approver-2', roles: ['approver'] },
  accountant: { id: 'accountant-1', roles: ['accountant'] },
  treasury: { id: 'treasury', roles: ['finance-system'] },
  admin: { id: 'admin-1', roles: ['admin'] },
  auditor: { id: 'auditor-1', roles: ['auditor'] },
  everyone: { id: 'all-roles', roles: [...ROLES] },
} satisfies Record<string, Actor>;

/** Instants in order, Vietnamese time. */
export const T = {
  created: '2026-03-02T09:00:00+07:00',
  submitted: '2026-03-03T09:00:00+07:00',
  appraisalOpened: '2026-03-10T09:00:00+07:00',
  scored: '2026-03-20T09:00:00+07:00',
  concluded: '2026-04-01T09:00:00+07:00',
  approved: '2026-04-10T09:00:00+07:00',
  contracted: '2026-04-20T09:00:00+07:00',
  started: '2026-05-04T09:00:00+07:00',
  progress: '2026-07-20T09:00:00+07:00',
  trancheRequested: '2026-07-22T09:00:00+07:00',
  trancheApproved: '2026-07-23T09:00:00+07:00',
  paid: '2026-07-25T09:00:00+07:00',
  completed: '2026-10-01T09:00:00+07:00',
  accepted: '2026-10-10T09:00:00+07:00',
  finalRequested: '2026-10-12T09:00:00+07:00',
  finalApproved: '2026-10-13T09:00:00+07:00',
  finalPaid: '2026-10-14T09:00:00+07:00',
  settlementSubmitted: '2026-10-20T09:00:00+07:00',
  settled: '2026-11-01T09:00:00+07:00',
  refunded: '2026-11-15T09:00:00+07:00',
  outcome: '2027-05-02T09:00:00+07:00',
  closed: '2027-11-02T09:00:00+07:00',
} as const;

export function programmeCreated(
  overrides: Partial<Extract<ProgrammeEvent, { type: 'ProgrammeCreated' }>['data']> = {},
): ProgrammeEvent {
  return {
    type: 'ProgrammeCreated',
    data: {
      programmeId: 'la-2026',
      code: 'KCDP-LA-2026',
      name: 'Khuyến công địa phương Long An 2026',
      year: 2026,
      fundingSource: 'local',
      province: '80',
      budgetVnd: 1_000_000_000,
      policyId: 'vn-longan-local-2022',
      policyVersion: 1,
      registrationOpensOn: '2026-01-05',
      registrationClosesOn: '2026-05-20',
      createdBy: actors.admin.id,
      at: '2026-01-02T09:00:00+07:00',
      ...overrides,
    },
  };
}

/** A national programme pinned to `vn-2014-national` at the given version. */
export function nationalProgrammeCreated(version: 1 | 2, budgetVnd = 5_000_000_000): ProgrammeEvent {
  return programmeCreated({
    programmeId: `kcqg-v${version}`,
    code: `KCQG-2026-V${version}`,
    name: 'Khuyến công quốc gia 2026',
    fundingSource: 'national',
    province: undefined,
    budgetVnd,
    policyId: 'vn-2014-national',
    policyVersion: version,
  });
}

export function policyOf(event: ProgrammeEvent): PolicySet {
  if (event.type !== 'ProgrammeCreated') throw new Error('not a ProgrammeCreated event');
  const policy = findPolicy(event.data.policyId, event.data.policyVersion);
  if (policy === undefined) throw new Error('unknown fixture policy');
  return policy;
}

export const beneficiary: Beneficiary = {
  name: 'Cơ sở bánh tráng Hòa Phát',
  kind: 'household_business',
  province: '80',
  commune: '80123',
  contact: { name: 'Nguyễn Văn A', phone: '0900000000' },
};

type Payload<K extends ProjectCommandType> = Omit<Extract<ProjectCommand, { type: K }>, 'type' | 'projectId' | 'actor' | 'at'>;

/** Builds a command with valid defaults; `overrides` may replace any field, actor and at included. */
function build<K extends ProjectCommandType>(type: K, actor: Actor, at: Instant, payload: Payload<K>) {
  return (overrides: Partial<Extract<ProjectCommand, { type: K }>> = {}): Extract<ProjectCommand, { type: K }> =>
    ({ type, projectId: PROJECT_ID, actor, at, ...payload, ...overrides }) as Extract<ProjectCommand, { type: K }>;
}

const goodScores = { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 };

export const cmd = {
  create: build('CreateProjectDraft', actors.officer, T.created, {
    programmeId: 'la-2026',
    title: 'Ứng dụng máy đóng gói bánh tráng',
    category: 'MACHINERY',
    beneficiary,
    totalCostVnd: 400_000_000,
    requestedSupportVnd: 150_000_000,
    counterpartVnd: 250_000_000,
    plannedStart: '2026-05-01',
    plannedEnd: '2026-10-31',
    objectives: 'Tăng năng suất đóng gói gấp ba',
  }),
  update: build('UpdateProjectDraft', actors.officer, T.created, {}),
  submit: build('SubmitProposal', actors.officer, T.submitted, {
    declarations: { counterpartCommitted: true, noDoubleFunding: true },
  }),
  requestInfo: build('RequestInformation', actors.officer, T.submitted, { reason: 'Thiếu báo giá máy' }),
  provideInfo: build('ProvideInformation', actors.officer, T.submitted, { note: 'Đã bổ sung báo giá' }),
  withdraw: build('WithdrawProposal', actors.officer, T.submitted, { reason: 'Cơ sở đổi ý' }),
  openAppraisal: build('OpenAppraisal', actors.officer, T.appraisalOpened, {
    panel: [actors.a1.id, actors.a2.id, actors.a3.id],
  }),
  declareConflict: build('DeclareConflict', actors.a1, T.scored, { note: 'Người thân của chủ cơ sở' }),
  score: build('ScoreProposal', actors.a1, T.scored, { scores: goodScores }),
  conclude: build('ConcludeAppraisal', actors.approver, T.concluded, {
    recommend: true,
    recommendedSupportVnd: 150_000_000,
    minutesRef: 'BB-TD-01',
  }),
  approve: build('ApproveFunding', actors.approver, T.approved, {
    decisionNo: '45/QĐ-SCT',
    decidedOn: '2026-04-10',
    approvedSupportVnd: 150_000_000,
  }),
  reject: build('RejectFunding', actors.approver, T.approved, { reason: 'Không còn kinh phí' }),
  signContract: build('SignContract', actors.officer, T.contracted, {
    contractNo: 'HĐ-07/2026',
    signedOn: '2026-04-20',
    tranches: [
      { no: 1, kind: 'advance', amountVnd: 100_000_000 },
      { no: 2, kind: 'final', amountVnd: 50_000_000 },
    ],
  }),
  start: build('StartImplementation', actors.officer, T.started, { startedOn: '2026-05-04' }),
  progress: build('ReportProgress', actors.officer, T.progress, {
    period: '2026-07',
    percentComplete: 80,
    summary: 'Đã lắp đặt máy',
  }),
  requestTranche: build('RequestTranche', actors.officer, T.trancheRequested, {
    trancheNo: 1,
    amountVnd: 100_000_000,
    evidenceRefs: ['hop-dong-mua-may.pdf'],
  }),
  approveTranche: build('ApproveTranche', actors.accountant, T.trancheApproved, {
    trancheNo: 1,
    paymentOrderNo: 'UNC-001',
  }),
  rejectTranche: build('RejectTranche', actors.accountant, T.trancheApproved, { trancheNo: 1, reason: 'Thiếu hóa đơn' }),
  confirmPayment: build('ConfirmPayment', actors.treasury, T.paid, {
    paymentOrderNo: 'UNC-001',
    amountVnd: 100_000_000,
    treasuryRef: 'KB-0001',
    valueDate: '2026-07-25',
  }),
  failPayment: build('FailPayment', actors.treasury, T.paid, { paymentOrderNo: 'UNC-001', reason: 'Sai số tài khoản' }),
  requestAmendment: build('RequestAmendment', actors.officer, T.progress, {
    kind: 'schedule',
    changes: { plannedEnd: '2026-12-15' },
    reason: 'Máy giao chậm',
  }),
  decideAmendment: build('DecideAmendment', actors.approver, T.trancheRequested, {
    amendmentNo: 1,
    approve: true,
    note: 'Đồng ý',
  }),
  suspend: build('SuspendProject', actors.approver, T.progress, { reason: 'Thanh tra' }),
  resume: build('ResumeProject', actors.approver, T.trancheRequested, { reason: 'Kết thúc thanh tra' }),
  terminate: build('TerminateProject', actors.approver, T.completed, { reason: 'Vi phạm hợp đồng' }),
  complete: build('DeclareCompletion', actors.officer, T.completed, { finalReportRef: 'BC-TONG-KET' }),
  accept: build('RecordAcceptance', actors.officer, T.accepted, {
    passed: true,
    minutesRef: 'NT-5a',
    indicators: { productivityGainPercent: 200 },
  }),
  submitSettlement: build('SubmitSettlement', actors.officer, T.settlementSubmitted, {
    spentVnd: 150_000_000,
    counterpartSpentVnd: 250_000_000,
    dossierRef: 'QT-01',
  }),
  approveSettlement: build('ApproveSettlement', actors.approver, T.settled, { approvedVnd: 150_000_000 }),
  recordRefund: build('RecordRefund', actors.accountant, T.refunded, { amountVnd: 5_000_000, treasuryRef: 'KB-NOP-01' }),
  recordOutcome: build('RecordOutcome', actors.officer, T.outcome, {
    measuredOn: '2027-05-01',
    indicators: { jobs: 14, revenueGrowthPercent: 30 },
  }),
  close: build('CloseProject', actors.officer, T.closed, {}),
};

/**
 * A programme and a project evolving together as the application would run them.
 */
export class World {
  programme: ProgrammeState = { status: 'none' };
  project: ProjectState = { status: 'none' };
  readonly history: ProjectEvent[] = [];
  readonly programmeHistory: ProgrammeEvent[] = [];
  readonly policy: PolicySet;

  constructor(
    created: ProgrammeEvent = programmeCreated(),
    policy?: PolicySet,
    /** Commands built for the default project are redirected to this one. */
    readonly projectId: string = PROJECT_ID,
  ) {
    this.policy = policy ?? policyOf(created);
    this.applyProgramme([created]);
  }

  private applyProgramme(events: readonly ProgrammeEvent[]): void {
    for (const e of events) {
      this.programme = evolveProgramme(this.programme, e);
      this.programmeHistory.push(e);
    }
  }

  /** Decides without recording. */
  decide(command: ProjectCommand): ProjectDecision {
    return this.decideOn(this.project, command);
  }

  /** Decides against `project` with this world's programme and policy, without recording. */
  decideOn(project: ProjectState, command: ProjectCommand): ProjectDecision {
    if (command.projectId === PROJECT_ID) command = { ...command, projectId: this.projectId };
    return decideProject(command, { project, programme: this.programme, policy: this.policy });
  }

  /** Decides and records, like a successful append. */
  run(...commands: ProjectCommand[]): this {
    for (const command of commands) {
      const decision = this.decide(command);
      for (const e of decision.project) {
        this.project = evolveProject(this.project, e);
        this.history.push(e);
      }
      this.applyProgramme(decision.programme);
    }
    return this;
  }

  get status(): ProjectStatus | 'none' {
    return this.project.status;
  }
}

/** How each status is reached: the status before it and the commands that lead on. */
const PATH: Record<ProjectStatus, readonly [ProjectStatus | undefined, () => ProjectCommand[]]> = {
  draft: [undefined, () => [cmd.create()]],
  submitted: ['draft', () => [cmd.submit()]],
  info_requested: ['submitted', () => [cmd.requestInfo()]],
  withdrawn: ['submitted', () => [cmd.withdraw()]],
  in_appraisal: ['submitted', () => [cmd.openAppraisal()]],
  recommended: [
    'in_appraisal',
    () => [cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }), cmd.conclude()],
  ],
  not_recommended: [
    'in_appraisal',
    () => [
      cmd.score({ actor: actors.a1 }),
      cmd.score({ actor: actors.a2 }),
      cmd.score({ actor: actors.a3 }),
      cmd.conclude({ recommend: false }),
    ],
  ],
  approved: ['recommended', () => [cmd.approve()]],
  rejected: ['recommended', () => [cmd.reject()]],
  contracted: ['approved', () => [cmd.signContract()]],
  in_implementation: ['contracted', () => [cmd.start()]],
  suspended: ['in_implementation', () => [cmd.suspend()]],
  terminated: ['in_implementation', () => [cmd.terminate()]],
  awaiting_acceptance: [
    'in_implementation',
    () => [cmd.progress(), cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment(), cmd.complete()],
  ],
  accepted: ['awaiting_acceptance', () => [cmd.accept()]],
  settlement_submitted: [
    'accepted',
    () => [
      cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
      cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
      cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002', at: T.finalPaid }),
      cmd.submitSettlement(),
    ],
  ],
  settled: ['settlement_submitted', () => [cmd.approveSettlement()]],
  in_post_evaluation: ['settled', () => [cmd.recordOutcome()]],
  closed: ['in_post_evaluation', () => [cmd.close()]],
};

/** Runs a world (a fresh one by default) up to `status` along the main path or its side exits. */
export function worldAt(status: ProjectStatus, world: World = new World()): World {
  const [before, commands] = PATH[status];
  if (before !== undefined) worldAt(before, world);
  return world.run(...commands());
}

/**
 * A decider over the world's programme and policy whose events are the project's followed by the
 * programme's, so given/when/then specs can state both halves of a decision.
 */
export function deciderOn(world: World): Decider<ProjectCommand, ProjectState, ProjectEvent | ProgrammeEvent> {
  const isProgrammeEvent = (e: ProjectEvent | ProgrammeEvent): e is ProgrammeEvent =>
    (PROGRAMME_EVENT_TYPES as readonly string[]).includes(e.type);
  return {
    initialState: { status: 'none' },
    decide: (command, project) => {
      const d = world.decideOn(project, command);
      return [...d.project, ...d.programme];
    },
    evolve: (state, event) => (isProgrammeEvent(event) ? state : evolveProject(state, event)),
  };
}
