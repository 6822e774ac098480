import {
  AMENDMENT_KINDS,
  BENEFICIARY_KINDS,
  CATEGORY_CODES,
  contractVnd,
  disbursedVnd,
  EVENT_UPCASTERS,
  evolveProject,
  PROJECT_STATUSES,
  type ProjectCommandType,
  type ProjectEvent,
  type ProjectState,
  type ProjectStatus,
  type Role,
  type Tranche,
} from '@app/domain';
import type { DevPerson, HistoryEvent, Policy, Programme, ProjectDetail } from '../api/types';
import { formatDate, formatMonth, groupThousands, parseDate, parseVnd } from '../format';
import { type FieldError, type FieldSpec, type FieldValue, type FormValues, toBody, type TrancheRow } from '../forms';

/*
 * Everything the console knows about the khuyến công workflow lives in this module: the board's
 * columns, which command may be issued from which status (DOMAIN.md "Project states and
 * commands", written as data), each command's form, the checks a form makes before it is sent,
 * and the replay of a project's history for time travel. Who may issue a command is not here:
 * it comes from the project's pinned policy (`policy.roles`), so a new policy version changes
 * the buttons without a new console.
 */

export { PROJECT_STATUSES, type ProjectStatus };

/** The signed-in person as the console sees them. */
export interface SignedInUser {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Statuses: board columns, colours, the funnel

/** The board's columns, in lifecycle order; a card shows its exact status inside its column. */
export const BOARD_COLUMNS: readonly { readonly id: string; readonly statuses: readonly ProjectStatus[] }[] = [
  { id: 'draft', statuses: ['draft'] },
  { id: 'submitted', statuses: ['submitted', 'info_requested'] },
  { id: 'appraisal', statuses: ['in_appraisal'] },
  { id: 'decision', statuses: ['recommended', 'not_recommended'] },
  { id: 'approved', statuses: ['approved', 'contracted'] },
  { id: 'implementation', statuses: ['in_implementation', 'suspended'] },
  { id: 'acceptance', statuses: ['awaiting_acceptance', 'accepted'] },
  { id: 'settlement', statuses: ['settlement_submitted', 'settled', 'in_post_evaluation'] },
  { id: 'closed', statuses: ['closed'] },
  { id: 'stopped', statuses: ['withdrawn', 'rejected', 'terminated'] },
];

/** The colour family of a status badge. */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger';

export const STATUS_TONE: Readonly<Record<ProjectStatus, Tone>> = {
  draft: 'neutral',
  submitted: 'info',
  info_requested: 'warning',
  in_appraisal: 'info',
  recommended: 'progress',
  not_recommended: 'danger',
  approved: 'success',
  rejected: 'danger',
  contracted: 'success',
  in_implementation: 'progress',
  suspended: 'warning',
  awaiting_acceptance: 'progress',
  accepted: 'success',
  settlement_submitted: 'progress',
  settled: 'success',
  in_post_evaluation: 'success',
  closed: 'neutral',
  withdrawn: 'neutral',
  terminated: 'danger',
};

/** Stages of the programme funnel: how many projects got at least this far. */
export const FUNNEL_STAGES = ['created', 'submitted', 'in_appraisal', 'recommended', 'approved', 'contracted', 'accepted', 'settled', 'closed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/*
 * The furthest funnel stage a project in each status has reached. Side exits count where they
 * left: a rejection came after a recommendation, a termination after an approval; a withdrawal
 * may come before submission, so it counts only as created.
 */
const REACHED: Readonly<Record<ProjectStatus, FunnelStage>> = {
  draft: 'created',
  withdrawn: 'created',
  submitted: 'submitted',
  info_requested: 'submitted',
  in_appraisal: 'in_appraisal',
  not_recommended: 'in_appraisal',
  recommended: 'recommended',
  rejected: 'recommended',
  approved: 'approved',
  terminated: 'approved',
  contracted: 'contracted',
  in_implementation: 'contracted',
  suspended: 'contracted',
  awaiting_acceptance: 'contracted',
  accepted: 'accepted',
  settlement_submitted: 'accepted',
  settled: 'settled',
  in_post_evaluation: 'settled',
  closed: 'closed',
};

/**
 * Funnel counts from counts by status.
 *
 * @example
 * funnel([{ key: 'approved', count: 2 }]); // created 2, submitted 2, …, approved 2, contracted 0, …
 */
export function funnel(byStatus: readonly { readonly key: string; readonly count: number }[]): { stage: FunnelStage; count: number }[] {
  return FUNNEL_STAGES.map((stage, index) => ({
    stage,
    count: byStatus.reduce((sum, s) => {
      const reached = REACHED[s.key as ProjectStatus] as FunnelStage | undefined;
      return reached !== undefined && FUNNEL_STAGES.indexOf(reached) >= index ? sum + s.count : sum;
    }, 0),
  }));
}

// ---------------------------------------------------------------------------------------------
// Commands: from which status, with which form

/** What a per-tranche or per-amendment action acts on. */
export interface ActionTarget {
  readonly trancheNo?: number;
  readonly amendmentNo?: number;
}

/** What a command form can draw its defaults and examples from. */
export interface ActionContext {
  readonly project: ProjectDetail;
  readonly policy: Policy;
  readonly target: ActionTarget;
  /** Today by the Vietnamese calendar, `YYYY-MM-DD`. */
  readonly today: string;
  readonly user: SignedInUser;
  /** The demo users (development only; empty in production), for example values. */
  readonly people: readonly DevPerson[];
}

/** A command of a project, its form and the statuses it may be issued from. */
export interface ActionSpec {
  readonly command: ProjectCommandType;
  readonly from: readonly ProjectStatus[];
  readonly method: 'POST' | 'PATCH';
  /** Path after `/projects/{id}` (empty for the draft update). */
  readonly path: (target: ActionTarget) => string;
  readonly fields: readonly FieldSpec<ActionContext>[];
  readonly tone: 'primary' | 'neutral' | 'danger';
  /** One action per tranche or amendment that fits. */
  readonly per?: 'tranche' | 'amendment';
  /** Checks across fields and against the project, on the request body about to be sent. */
  readonly check?: (body: Record<string, unknown>, context: ActionContext) => Record<string, FieldError>;
}

const money = (amount: number | null | undefined): string => (amount === null || amount === undefined ? '' : groupThousands(amount));
const today = (c: { today: string }): string => formatDate(c.today);
const thisMonth = (c: { today: string }): string => formatMonth(c.today.slice(0, 7));
const yearOf = (c: { today: string }): string => c.today.slice(0, 4);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A short random suffix, so example paperwork numbers do not collide. */
function serial(): string {
  return String(Math.floor(1000 + Math.random() * 9000));
}

const reason = (example: string): FieldSpec<ActionContext> => ({ name: 'reason', kind: 'longtext', example: () => example });
const note = (example: string): FieldSpec<ActionContext> => ({ name: 'note', kind: 'longtext', example: () => example });

/** A date that may not lie after today (the engine refuses `PROJECT.DATE_IN_FUTURE`). */
function notFuture(body: Record<string, unknown>, field: string, context: { today: string }): Record<string, FieldError> {
  const value = body[field];
  return typeof value === 'string' && value > context.today ? { [field]: { key: 'error.future' } } : {};
}

function atMost(body: Record<string, unknown>, field: string, limit: number | null | undefined): Record<string, FieldError> {
  const value = body[field];
  return typeof value === 'number' && limit !== null && limit !== undefined && value > limit ? { [field]: { key: 'error.atMost', params: { amount: limit } } } : {};
}

function trancheOf(context: ActionContext): Tranche | undefined {
  return context.project.tranches.find((t) => t.no === context.target.trancheNo);
}

/** The default schedule: the first advance the policy allows, the rest paid after acceptance. */
function defaultSchedule(context: ActionContext): TrancheRow[] {
  const approved = context.project.funding?.supportVnd ?? context.project.amounts.approvedVnd ?? 0;
  if (approved <= 0) return [];
  const rule = context.policy.categories[context.project.category];
  const percent = Math.min(rule.firstAdvance.maxPercent, context.policy.advanceCeilingPercentBeforeAcceptance);
  const advance = Math.floor((approved * percent) / 100);
  if (advance <= 0 || advance >= approved) return [{ no: '1', kind: 'final', amount: money(approved) }];
  return [
    { no: '1', kind: 'advance', amount: money(advance) },
    { no: '2', kind: 'final', amount: money(approved - advance) },
  ];
}

const APPRAISERS_EXAMPLE = (c: ActionContext): string =>
  c.people
    .filter((p) => p.roles.includes('appraiser'))
    .map((p) => p.sub)
    .join(', ');

/**
 * Every project command of DOMAIN.md with the statuses it may be issued from (the engine's
 * deciders refuse the others with `PROJECT.INVALID_TRANSITION`) and its form.
 */
export const ACTIONS: readonly ActionSpec[] = [
  {
    command: 'SubmitProposal',
    from: ['draft', 'info_requested'],
    method: 'POST',
    path: () => 'submit',
    tone: 'primary',
    fields: [
      { name: 'declarations.counterpartCommitted', kind: 'confirm', example: () => true },
      { name: 'declarations.noDoubleFunding', kind: 'confirm', example: () => true },
    ],
  },
  {
    command: 'UpdateProjectDraft',
    from: ['draft'],
    method: 'PATCH',
    path: () => '',
    tone: 'neutral',
    fields: [],
  },
  {
    command: 'RequestInformation',
    from: ['submitted', 'in_appraisal'],
    method: 'POST',
    path: () => 'info-requests',
    tone: 'neutral',
    fields: [reason('Đề nghị bổ sung 03 báo giá thiết bị và bản sao giấy đăng ký kinh doanh')],
  },
  {
    command: 'ProvideInformation',
    from: ['info_requested'],
    method: 'POST',
    path: () => 'info-responses',
    tone: 'primary',
    fields: [note('Cơ sở đã bổ sung đủ 03 báo giá và giấy đăng ký kinh doanh')],
  },
  {
    command: 'OpenAppraisal',
    from: ['submitted', 'in_appraisal'],
    method: 'POST',
    path: () => 'appraisal',
    tone: 'primary',
    fields: [{ name: 'panel', kind: 'list', example: APPRAISERS_EXAMPLE }],
    check: (body, c): Record<string, FieldError> => {
      const panel = Array.isArray(body.panel) ? body.panel : [];
      const quorum = c.policy.appraisal.quorum;
      return new Set(panel).size < quorum ? { panel: { key: 'error.panelSize', params: { quorum } } } : {};
    },
  },
  {
    command: 'DeclareConflict',
    from: ['in_appraisal'],
    method: 'POST',
    path: () => 'appraisal/conflicts',
    tone: 'danger',
    fields: [note('Có quan hệ họ hàng với chủ cơ sở đề nghị hỗ trợ')],
  },
  {
    command: 'ScoreProposal',
    from: ['in_appraisal'],
    method: 'POST',
    path: () => 'appraisal/scores',
    tone: 'primary',
    fields: [
      {
        name: 'scores',
        kind: 'scores',
        criteria: (c) => ({ codes: c.policy.appraisal.criteria.map((k) => k.code), min: c.policy.appraisal.minScore, max: c.policy.appraisal.maxScore }),
        initial: (c) => Object.fromEntries(c.policy.appraisal.criteria.map((k) => [k.code, ''])),
        example: (c) => Object.fromEntries(c.policy.appraisal.criteria.map((k, i) => [k.code, String([8, 7, 7, 8, 9][i % 5])])),
      },
      { name: 'comment', kind: 'longtext', optional: true, example: () => 'Đề án phù hợp, kinh phí hợp lý' },
    ],
  },
  {
    command: 'ConcludeAppraisal',
    from: ['in_appraisal'],
    method: 'POST',
    path: () => 'appraisal/conclusion',
    tone: 'primary',
    fields: [
      { name: 'recommend', kind: 'yesno', example: () => 'yes' },
      { name: 'recommendedSupportVnd', kind: 'vnd', optional: true, initial: (c) => money(c.project.amounts.requestedVnd) },
      { name: 'minutesRef', kind: 'text', maxLength: 100, example: (c) => `BB-TĐ-${serial()}/${yearOf(c)}` },
    ],
    check: (body, c) => atMost(body, 'recommendedSupportVnd', c.project.amounts.requestedVnd),
  },
  {
    command: 'ApproveFunding',
    from: ['recommended'],
    method: 'POST',
    path: () => 'approval',
    tone: 'primary',
    fields: [
      { name: 'decisionNo', kind: 'text', maxLength: 100, example: () => `${serial()}/QĐ-SCT` },
      { name: 'decidedOn', kind: 'date', initial: today },
      { name: 'approvedSupportVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.recommendedVnd) },
    ],
    check: (body, c) => ({ ...notFuture(body, 'decidedOn', c), ...atMost(body, 'approvedSupportVnd', c.project.amounts.recommendedVnd) }),
  },
  {
    command: 'RejectFunding',
    from: ['recommended'],
    method: 'POST',
    path: () => 'rejection',
    tone: 'danger',
    fields: [reason('Ngân sách chương trình không đủ bố trí trong năm')],
  },
  {
    command: 'SignContract',
    from: ['approved'],
    method: 'POST',
    path: () => 'contract',
    tone: 'primary',
    fields: [
      { name: 'contractNo', kind: 'text', maxLength: 100, example: (c) => `HĐ-${serial()}/${yearOf(c)}/KC` },
      { name: 'signedOn', kind: 'date', initial: today },
      { name: 'tranches', kind: 'tranches', initial: defaultSchedule },
    ],
    check: (body, c) => {
      const rows = Array.isArray(body.tranches) ? (body.tranches as { amountVnd?: number }[]) : [];
      const total = rows.reduce((sum, r) => sum + (r.amountVnd ?? 0), 0);
      const approved = c.project.funding?.supportVnd ?? c.project.amounts.approvedVnd;
      return {
        ...notFuture(body, 'signedOn', c),
        ...(approved !== null && total > approved ? { tranches: { key: 'error.scheduleExceeds', params: { amount: approved } } } : {}),
      };
    },
  },
  {
    command: 'StartImplementation',
    from: ['contracted'],
    method: 'POST',
    path: () => 'implementation',
    tone: 'primary',
    fields: [{ name: 'startedOn', kind: 'date', initial: today }],
    check: (body, c) => notFuture(body, 'startedOn', c),
  },
  {
    command: 'ReportProgress',
    from: ['in_implementation'],
    method: 'POST',
    path: () => 'progress-reports',
    tone: 'primary',
    fields: [
      { name: 'period', kind: 'month', initial: thisMonth },
      { name: 'percentComplete', kind: 'percent', example: () => '75' },
      { name: 'summary', kind: 'longtext', example: () => 'Đã lắp đặt xong thiết bị, đang vận hành thử' },
    ],
  },
  {
    command: 'RequestTranche',
    from: ['contracted', 'in_implementation', 'awaiting_acceptance', 'accepted'],
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/request`,
    tone: 'primary',
    fields: [
      { name: 'amountVnd', kind: 'vnd', initial: (c) => money(trancheOf(c)?.scheduledVnd) },
      { name: 'evidenceRefs', kind: 'list', example: () => 'Hóa đơn mua thiết bị số 0012\nBiên bản bàn giao thiết bị' },
    ],
    check: (body, c) => atMost(body, 'amountVnd', trancheOf(c)?.scheduledVnd),
  },
  {
    command: 'ApproveTranche',
    from: ['contracted', 'in_implementation', 'awaiting_acceptance', 'accepted', 'settlement_submitted'],
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/approval`,
    tone: 'primary',
    fields: [{ name: 'paymentOrderNo', kind: 'text', maxLength: 64, example: (c) => `UNC-${yearOf(c)}-${serial()}` }],
  },
  {
    command: 'RejectTranche',
    from: ['contracted', 'in_implementation', 'suspended', 'awaiting_acceptance', 'accepted', 'settlement_submitted'],
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/rejection`,
    tone: 'danger',
    fields: [reason('Thiếu hóa đơn chứng từ mua thiết bị')],
  },
  {
    command: 'RequestAmendment',
    from: ['in_implementation', 'suspended'],
    method: 'POST',
    path: () => 'amendments',
    tone: 'neutral',
    fields: [
      { name: 'kind', kind: 'select', options: () => AMENDMENT_KINDS, example: () => 'schedule' },
      { name: 'changes.plannedEnd', kind: 'date', optional: true, example: (c) => formatDate(addDays(c.project.plannedEnd, 30)) },
      { name: 'changes.supportDeltaVnd', kind: 'vnd', signed: true, optional: true },
      { name: 'changes.description', kind: 'longtext', optional: true },
      reason('Nhà cung cấp giao thiết bị chậm 30 ngày'),
    ],
  },
  {
    command: 'DecideAmendment',
    from: ['in_implementation', 'suspended'],
    method: 'POST',
    per: 'amendment',
    path: (t) => `amendments/${t.amendmentNo ?? 0}/decision`,
    tone: 'primary',
    fields: [{ name: 'approve', kind: 'yesno', example: () => 'yes' }, note('Đồng ý điều chỉnh')],
  },
  {
    command: 'SuspendProject',
    from: ['in_implementation'],
    method: 'POST',
    path: () => 'suspension',
    tone: 'danger',
    fields: [reason('Tạm dừng để kiểm tra an toàn thiết bị')],
  },
  {
    command: 'ResumeProject',
    from: ['suspended'],
    method: 'POST',
    path: () => 'resumption',
    tone: 'primary',
    fields: [reason('Đã kiểm tra xong, đủ điều kiện tiếp tục')],
  },
  {
    command: 'TerminateProject',
    from: ['approved', 'contracted', 'in_implementation', 'suspended', 'awaiting_acceptance', 'accepted'],
    method: 'POST',
    path: () => 'termination',
    tone: 'danger',
    fields: [reason('Cơ sở vi phạm hợp đồng, không tiếp tục thực hiện')],
  },
  {
    command: 'DeclareCompletion',
    from: ['in_implementation'],
    method: 'POST',
    path: () => 'completion',
    tone: 'primary',
    fields: [{ name: 'finalReportRef', kind: 'text', example: (c) => `BC-TK-${serial()}/${yearOf(c)}` }],
  },
  {
    command: 'RecordAcceptance',
    from: ['awaiting_acceptance'],
    method: 'POST',
    path: () => 'acceptance',
    tone: 'primary',
    fields: [
      { name: 'passed', kind: 'yesno', example: () => 'yes' },
      { name: 'minutesRef', kind: 'text', maxLength: 100, example: (c) => `BB-NT-${serial()}/${yearOf(c)}` },
      { name: 'indicators', kind: 'indicators', example: () => 'outputTonsPerDay = 2\njobs = 12' },
      { name: 'defects', kind: 'list', optional: true },
    ],
    check: (body): Record<string, FieldError> => (body.passed === false && (!Array.isArray(body.defects) || body.defects.length === 0) ? { defects: { key: 'error.defectsRequired' } } : {}),
  },
  {
    command: 'SubmitSettlement',
    from: ['accepted'],
    method: 'POST',
    path: () => 'settlement',
    tone: 'primary',
    fields: [
      { name: 'spentVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.disbursedVnd) },
      { name: 'counterpartSpentVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.counterpartVnd) },
      { name: 'dossierRef', kind: 'text', example: (c) => `HS-QT-${serial()}/${yearOf(c)}` },
    ],
  },
  {
    command: 'ApproveSettlement',
    from: ['settlement_submitted'],
    method: 'POST',
    path: () => 'settlement/approval',
    tone: 'primary',
    fields: [{ name: 'approvedVnd', kind: 'vnd', initial: (c) => money(c.project.contract?.settlement?.spentVnd) }],
    check: (body, c) => atMost(body, 'approvedVnd', c.project.contract?.settlement?.spentVnd),
  },
  {
    command: 'RecordRefund',
    from: ['terminated', 'settled', 'in_post_evaluation'],
    method: 'POST',
    path: () => 'refunds',
    tone: 'neutral',
    fields: [
      { name: 'amountVnd', kind: 'vnd', initial: (c) => money(outstandingRefund(c.project)) },
      { name: 'treasuryRef', kind: 'text', maxLength: 100, example: (c) => `KB-NT-${serial()}/${yearOf(c)}` },
    ],
    check: (body, c) => atMost(body, 'amountVnd', outstandingRefund(c.project)),
  },
  {
    command: 'RecordOutcome',
    from: ['settled', 'in_post_evaluation'],
    method: 'POST',
    path: () => 'outcomes',
    tone: 'primary',
    fields: [
      { name: 'measuredOn', kind: 'date', initial: today },
      { name: 'indicators', kind: 'indicators', example: () => 'outputTonsPerDay = 2.4\njobs = 14' },
    ],
    check: (body, c) => notFuture(body, 'measuredOn', c),
  },
  {
    command: 'CloseProject',
    from: ['in_post_evaluation'],
    method: 'POST',
    path: () => 'closure',
    tone: 'neutral',
    fields: [],
  },
  {
    command: 'WithdrawProposal',
    from: ['draft', 'submitted', 'info_requested', 'in_appraisal', 'recommended', 'not_recommended'],
    method: 'POST',
    path: () => 'withdrawal',
    tone: 'danger',
    fields: [reason('Cơ sở không bố trí được vốn đối ứng')],
  },
];

function outstandingRefund(project: ProjectDetail): number {
  return project.amounts.refundDemandedVnd - project.amounts.refundedVnd;
}

/** An action the signed-in person may take now; `blocked` explains why it is shown but disabled. */
export interface AvailableAction {
  readonly spec: ActionSpec;
  readonly target: ActionTarget;
  readonly blocked?: FieldError;
}

type Verdict = 'ok' | 'hidden' | { readonly blocked: FieldError };

function targetsOf(spec: ActionSpec, project: ProjectDetail): ActionTarget[] {
  if (spec.per === 'tranche') return project.tranches.map((t) => ({ trancheNo: t.no }));
  if (spec.per === 'amendment') return project.amendments.map((a) => ({ amendmentNo: a.no }));
  return [{}];
}

/** The rules beyond status and role that decide whether a button shows, or shows disabled. */
function verdict(spec: ActionSpec, project: ProjectDetail, policy: Policy, user: SignedInUser, target: ActionTarget): Verdict {
  const round = project.appraisal.current;
  const tranche = project.tranches.find((t) => t.no === target.trancheNo);
  switch (spec.command) {
    case 'OpenAppraisal': {
      if (project.status !== 'in_appraisal') return 'ok';
      // A new panel only after a level passed, or when recusals left too few members.
      if (!round) return 'ok';
      const active = round.panel.filter((m) => !round.recused.includes(m)).length;
      return round.stage === 'awaiting_panel' || active < policy.appraisal.quorum ? 'ok' : 'hidden';
    }
    case 'DeclareConflict':
    case 'ScoreProposal':
      if (!round || round.stage !== 'open' || !round.panel.includes(user.sub)) return 'hidden';
      return round.recused.includes(user.sub) || round.scores[user.sub] !== undefined ? 'hidden' : 'ok';
    case 'ConcludeAppraisal': {
      if (!round || round.stage !== 'open') return 'hidden';
      const scored = Object.keys(round.scores).filter((id) => !round.recused.includes(id)).length;
      const quorum = policy.appraisal.quorum;
      return scored < quorum ? { blocked: { key: 'blocked.quorum', params: { scored, quorum } } } : 'ok';
    }
    case 'ApproveFunding':
    case 'RejectFunding': {
      const scorers = project.appraisal.levels.flatMap((l) => l.scores.map((s) => s.appraiserId));
      const involved = project.createdBy === user.sub || project.submittedBy === user.sub || scorers.includes(user.sub);
      return involved ? { blocked: { key: 'blocked.independentApprover' } } : 'ok';
    }
    case 'RequestTranche':
      if (!tranche || ['requested', 'approved', 'paid'].includes(tranche.status)) return 'hidden';
      return tranche.kind === 'final' && project.status !== 'accepted' ? { blocked: { key: 'blocked.finalAfterAcceptance' } } : 'ok';
    case 'ApproveTranche':
      if (!tranche || tranche.status !== 'requested') return 'hidden';
      return tranche.requestedBy === user.sub ? { blocked: { key: 'blocked.ownTranche' } } : 'ok';
    case 'RejectTranche':
      return tranche?.status === 'requested' ? 'ok' : 'hidden';
    case 'DecideAmendment': {
      const amendment = project.amendments.find((a) => a.no === target.amendmentNo);
      if (amendment?.status !== 'pending') return 'hidden';
      return amendment.requestedBy === user.sub ? { blocked: { key: 'blocked.ownAmendment' } } : 'ok';
    }
    case 'RecordRefund':
      return outstandingRefund(project) > 0 ? 'ok' : 'hidden';
    default:
      return 'ok';
  }
}

/**
 * The commands the signed-in person may issue on the project now: the status must be one the
 * command may come from (this module's table), one of the person's roles must be among the
 * pinned policy's roles for it, and the command's own preconditions must hold (on the panel,
 * a tranche to request…). Separation-of-duties cases come back `blocked` with the reason.
 *
 * @example
 * availableActions(project, policy, { sub: 'demo-officer', roles: ['officer'] }).map((a) => a.spec.command);
 * // ['SubmitProposal', 'UpdateProjectDraft', 'WithdrawProposal'] for a draft
 */
export function availableActions(project: ProjectDetail, policy: Policy, user: SignedInUser): AvailableAction[] {
  const out: AvailableAction[] = [];
  for (const spec of ACTIONS) {
    if (!spec.from.includes(project.status)) continue;
    const allowed: readonly Role[] = policy.roles[spec.command] ?? [];
    if (!user.roles.some((role) => allowed.includes(role))) continue;
    for (const target of targetsOf(spec, project)) {
      const v = verdict(spec, project, policy, user, target);
      if (v === 'hidden') continue;
      out.push(v === 'ok' ? { spec, target } : { spec, target, blocked: v.blocked });
    }
  }
  return out;
}

/** Payment orders a development "simulate treasury payment" may confirm: issued and unpaid. */
export function payableOrders(project: ProjectDetail): { paymentOrderNo: string; trancheNo: number; amountVnd: number }[] {
  return project.paymentOrders.filter((o) => o.status === 'issued').map((o) => ({ paymentOrderNo: o.paymentOrderNo, trancheNo: o.trancheNo, amountVnd: o.amountVnd }));
}

/** The roles of a person that may issue a command under a policy (for "who can do this" hints). */
export function rolesFor(policy: Policy, command: ProjectCommandType): readonly Role[] {
  return policy.roles[command] ?? [];
}

// ---------------------------------------------------------------------------------------------
// The draft form (create and update)

/** What the draft form can draw on. */
export interface DraftContext {
  readonly policy: Policy | undefined;
  readonly programme: Programme | undefined;
  readonly project?: ProjectDetail;
  readonly today: string;
}

const fromProject = (pick: (p: ProjectDetail) => string | undefined) => (c: DraftContext): FieldValue => (c.project ? (pick(c.project) ?? '') : '');

/** Fields of a proposal, in the order the form shows them. */
export const DRAFT_FIELDS: readonly FieldSpec<DraftContext>[] = [
  { name: 'title', kind: 'text', initial: fromProject((p) => p.title), example: () => 'Ứng dụng máy sấy nông sản tiết kiệm năng lượng' },
  {
    name: 'category',
    kind: 'select',
    options: (c) => (c.policy ? CATEGORY_CODES.filter((code) => c.policy?.categories[code].allowed) : CATEGORY_CODES),
    initial: fromProject((p) => p.category),
    example: () => 'MACHINERY',
  },
  { name: 'beneficiary.name', kind: 'text', initial: fromProject((p) => p.beneficiary.name), example: () => 'Cơ sở sản xuất bánh tráng Tân Lập' },
  {
    name: 'beneficiary.kind',
    kind: 'select',
    options: (c) => c.policy?.beneficiaryKinds ?? BENEFICIARY_KINDS,
    initial: fromProject((p) => p.beneficiary.kind),
    example: () => 'household_business',
  },
  { name: 'beneficiary.taxCode', kind: 'text', optional: true, maxLength: 14, initial: fromProject((p) => p.beneficiary.taxCode) },
  { name: 'beneficiary.province', kind: 'text', maxLength: 32, initial: (c) => c.project?.beneficiary.province ?? c.programme?.province ?? '' },
  { name: 'beneficiary.commune', kind: 'text', maxLength: 32, initial: fromProject((p) => p.beneficiary.commune), example: () => '27694' },
  { name: 'beneficiary.contact.name', kind: 'text', optional: true, maxLength: 200, initial: fromProject((p) => p.beneficiary.contact?.name), example: () => 'Nguyễn Thị Hoa' },
  { name: 'beneficiary.contact.phone', kind: 'text', optional: true, maxLength: 20, initial: fromProject((p) => p.beneficiary.contact?.phone), example: () => '0912345678' },
  { name: 'totalCostVnd', kind: 'vnd', initial: fromProject((p) => money(p.totalCostVnd)), example: () => '400.000.000' },
  { name: 'requestedSupportVnd', kind: 'vnd', initial: fromProject((p) => money(p.requestedSupportVnd)), example: () => '150.000.000' },
  { name: 'counterpartVnd', kind: 'vnd', initial: fromProject((p) => money(p.counterpartVnd)), example: () => '250.000.000' },
  { name: 'plannedStart', kind: 'date', initial: fromProject((p) => formatDate(p.plannedStart)), example: (c) => formatDate(addDays(c.today, 30)) },
  { name: 'plannedEnd', kind: 'date', initial: fromProject((p) => formatDate(p.plannedEnd)), example: (c) => formatDate(addDays(c.today, 210)) },
  { name: 'objectives', kind: 'longtext', initial: fromProject((p) => p.objectives), example: () => 'Nâng công suất sấy lên 2 tấn/ngày, giảm 30% hao hụt sau thu hoạch' },
  { name: 'expectedEffects', kind: 'longtext', optional: true, initial: fromProject((p) => p.expectedEffects), example: () => 'Tạo việc làm ổn định cho 10 lao động nông thôn' },
];

const CODE = /^[0-9A-Za-z_-]{1,32}$/;

/** The checks of a proposal the engine makes, made before sending (DTO shapes and PROJECT.* rules). */
export function checkDraft(values: FormValues): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  const text = (name: string): string => {
    const v = values[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  for (const name of ['beneficiary.province', 'beneficiary.commune']) {
    if (text(name) !== '' && !CODE.test(text(name))) errors[name] = { key: 'error.code' };
  }
  if (text('beneficiary.taxCode') !== '' && !/^[0-9-]{10,14}$/.test(text('beneficiary.taxCode'))) errors['beneficiary.taxCode'] = { key: 'error.taxCode' };
  const contactName = text('beneficiary.contact.name');
  const phone = text('beneficiary.contact.phone');
  if (phone !== '' && !/^\+?[0-9 .-]{6,20}$/.test(phone)) errors['beneficiary.contact.phone'] = { key: 'error.phone' };
  if ((contactName === '') !== (phone === '')) errors[contactName === '' ? 'beneficiary.contact.name' : 'beneficiary.contact.phone'] = { key: 'error.contactPair' };
  const total = parseVnd(text('totalCostVnd'));
  const requested = parseVnd(text('requestedSupportVnd'));
  const counterpart = parseVnd(text('counterpartVnd'));
  if (total !== undefined && requested !== undefined && counterpart !== undefined && requested + counterpart !== total) {
    errors.counterpartVnd = { key: 'error.fundingMismatch', params: { amount: total - requested } };
  }
  if (total === 0) errors.totalCostVnd = { key: 'error.positive' };
  if (requested === 0) errors.requestedSupportVnd = { key: 'error.positive' };
  const start = parseDate(text('plannedStart'));
  const end = parseDate(text('plannedEnd'));
  if (start !== undefined && end !== undefined && start > end) errors.plannedEnd = { key: 'error.datesOrder' };
  return errors;
}

/** The body of a draft (create or update); the programme is added by the create page. */
export function draftBody(values: FormValues): Record<string, unknown> {
  return toBody(DRAFT_FIELDS, values);
}

// ---------------------------------------------------------------------------------------------
// Server errors: which field a problem code is about

/*
 * Domain refusals name their rule by code and often no field; these are the fields of the
 * console's forms they concern, so the message shows beside the field rather than above the form.
 */
const CODE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'APPRAISAL.PANEL_CONFLICT': ['panel'],
  'APPRAISAL.PANEL_TOO_SMALL': ['panel'],
  'APPRAISAL.SCORE_OUT_OF_RANGE': ['scores'],
  'APPRAISAL.CRITERION_MISSING': ['scores'],
  'APPRAISAL.UNKNOWN_CRITERION': ['scores'],
  'FUNDING.CAP_EXCEEDED': ['recommendedSupportVnd', 'requestedSupportVnd', 'changes.supportDeltaVnd'],
  'FUNDING.EXCEEDS_REQUESTED': ['recommendedSupportVnd'],
  'FUNDING.EXCEEDS_RECOMMENDED': ['approvedSupportVnd'],
  'FUNDING.BUDGET_EXCEEDED': ['approvedSupportVnd', 'changes.supportDeltaVnd'],
  'PROJECT.DATE_IN_FUTURE': ['decidedOn', 'signedOn', 'startedOn', 'measuredOn'],
  'PROJECT.FUNDING_MISMATCH': ['counterpartVnd'],
  'PROJECT.DATES_OUT_OF_ORDER': ['plannedEnd'],
  'PROJECT.CATEGORY_NOT_ALLOWED': ['category'],
  'PROJECT.UNKNOWN_CATEGORY': ['category'],
  'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED': ['beneficiary.kind'],
  'PROJECT.OUT_OF_PROGRAMME_AREA': ['beneficiary.province'],
  'PROJECT.DECLARATION_MISSING': ['declarations.counterpartCommitted'],
  'TRANCHE.SCHEDULE_EXCEEDS_APPROVED': ['tranches'],
  'TRANCHE.SCHEDULE_INVALID': ['tranches'],
  'TRANCHE.EXCEEDS_SCHEDULE': ['amountVnd'],
  'TRANCHE.FIRST_ADVANCE_LIMIT': ['amountVnd'],
  'TRANCHE.ADVANCE_CEILING': ['amountVnd'],
  'TRANCHE.PAYMENT_ORDER_DUPLICATE': ['paymentOrderNo'],
  'PROGRESS.PERCENT_OUT_OF_RANGE': ['percentComplete'],
  'PROGRESS.REGRESSED': ['percentComplete'],
  'PROGRESS.INVALID_PERIOD': ['period'],
  'PROGRESS.PERIOD_OUT_OF_ORDER': ['period'],
  'PROGRESS.PERIOD_IN_FUTURE': ['period'],
  'PROGRESS.PERIOD_ALREADY_REPORTED': ['period'],
  'SETTLEMENT.EXCEEDS_SPENT': ['approvedVnd'],
  'SETTLEMENT.EXCEEDS_APPROVED': ['spentVnd'],
  'REFUND.EXCEEDS_OUTSTANDING': ['amountVnd'],
  'ACCEPTANCE.DEFECTS_REQUIRED': ['defects'],
  'AMENDMENT.KIND_MISMATCH': ['kind'],
  'AMENDMENT.UNKNOWN_KIND': ['kind'],
  'AMENDMENT.MONEY_EFFECT_MISMATCH': ['changes.supportDeltaVnd'],
  'AMENDMENT.SCHEDULE_CANNOT_ABSORB': ['changes.supportDeltaVnd'],
};

/** The form field a problem code concerns, if the form has one. */
export function fieldOfCode(code: string | undefined, details: Readonly<Record<string, unknown>> | undefined, fieldNames: readonly string[]): string | undefined {
  const named = typeof details?.field === 'string' ? details.field : undefined;
  if (named && fieldNames.includes(named)) return named;
  return (code ? CODE_FIELDS[code] : undefined)?.find((f) => fieldNames.includes(f));
}

// ---------------------------------------------------------------------------------------------
// Time travel

function upcast(event: HistoryEvent): ProjectEvent {
  let data = event.data;
  const upcasters = EVENT_UPCASTERS[event.type] ?? [];
  // Entry i of the list turns schema version i + 1 into i + 2, one version at a time.
  for (let i = event.schemaVersion - 1; i < upcasters.length; i += 1) {
    const up = upcasters[i];
    if (up) data = up(data);
  }
  return { type: event.type, data } as ProjectEvent;
}

/**
 * The project's state at a stream version, folded in the browser with the engine's own
 * `evolveProject` from `@app/domain` (the same fold the read model and `/state` use).
 *
 * @example
 * foldToVersion(history.items, 3).status; // 'submitted'
 */
export function foldToVersion(events: readonly HistoryEvent[], version: number): ProjectState {
  let state: ProjectState = { status: 'none' };
  for (const event of events) {
    if (event.version > version) break;
    state = evolveProject(state, upcast(event));
  }
  return state;
}

/** What the time-travel panel shows of a state. */
export interface StateSummary {
  readonly status: ProjectStatus | 'none';
  readonly requestedVnd: number | null;
  readonly recommendedVnd: number | null;
  readonly approvedVnd: number | null;
  readonly contractVnd: number | null;
  readonly disbursedVnd: number;
  readonly scoreCount: number;
  readonly recused: readonly string[];
  readonly tranches: readonly { readonly no: number; readonly status: string; readonly scheduledVnd: number; readonly paidVnd: number }[];
}

/**
 * The figures of a replayed state, for the time-travel panel.
 *
 * @example
 * summarise(foldToVersion(events, 5)).scoreCount; // 2
 */
export function summarise(state: ProjectState): StateSummary {
  if (state.status === 'none') {
    return { status: 'none', requestedVnd: null, recommendedVnd: null, approvedVnd: null, contractVnd: null, disbursedVnd: 0, scoreCount: 0, recused: [], tranches: [] };
  }
  const funded = 'funding' in state ? state : undefined;
  const execution = funded?.execution;
  return {
    status: state.status,
    requestedVnd: state.proposal.requestedSupportVnd,
    recommendedVnd: state.recommendation?.recommendedSupportVnd ?? null,
    approvedVnd: funded?.funding.supportVnd ?? null,
    contractVnd: execution ? contractVnd(execution) : null,
    disbursedVnd: disbursedVnd(execution),
    scoreCount: state.appraisal ? Object.keys(state.appraisal.scores).length : 0,
    recused: state.appraisal?.recused ?? [],
    tranches: (execution?.tranches ?? []).map((t) => ({ no: t.no, status: t.status, scheduledVnd: t.scheduledVnd, paidVnd: t.paidVnd })),
  };
}
