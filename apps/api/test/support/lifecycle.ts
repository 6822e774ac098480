import { Authority, Role } from '@app/domain';
import { buildWebhookHeaders } from '@app/webhooks';
import { TEST_FINANCE_SECRET, TestEngine } from './test-engine';

/**
 * The people of the scenarios, with their roles and areas (Long An is province 80). The approver
 * holds the provincial People's Committee's authority, so it decides every amendment and plan of
 * the Long An policy.
 */
export const PEOPLE = {
  admin: { sub: 'admin-1', roles: ['admin'] },
  officer: { sub: 'officer-1', roles: ['officer'], areas: ['80'] },
  officerElsewhere: { sub: 'officer-9', roles: ['officer'], areas: ['79'] },
  collaborator: { sub: 'ctv-1', roles: ['collaborator'], areas: ['27694'] },
  a1: { sub: 'appraiser-1', roles: ['appraiser'] },
  a2: { sub: 'appraiser-2', roles: ['appraiser'] },
  a3: { sub: 'appraiser-3', roles: ['appraiser'] },
  a4: { sub: 'appraiser-4', roles: ['appraiser'] },
  approver: { sub: 'approver-1', roles: ['approver'], authority: 'people_committee' },
  accountant: { sub: 'accountant-1', roles: ['accountant'] },
  finance: { sub: 'treasury-1', roles: ['finance-system'] },
  auditor: { sub: 'auditor-1', roles: ['auditor'] },
} satisfies Record<string, { sub: string; roles: Role[]; areas?: string[]; authority?: Authority }>;

export type Person = keyof typeof PEOPLE;

export function headers(engine: TestEngine, person: Person): { Authorization: string } {
  const p = PEOPLE[person] as { sub: string; roles: Role[]; areas?: string[]; authority?: Authority };
  return engine.auth(p.sub, p.roles, p.areas, p.authority);
}

/**
 * The body of a request that opens a Long An local programme of 2026 (registration from 5 January
 * to 20 May), under its own code.
 *
 * @example
 * await engine.http.post('/api/v1/programmes').set(headers(engine, 'admin')).send(programmeBody('KCDP-LA-2026-X')).expect(201);
 */
export function programmeBody(code: string, budgetVnd = 1_000_000_000) {
  return {
    code,
    name: 'Khuyến công địa phương tỉnh Long An năm 2026',
    year: 2026,
    fundingSource: 'local',
    province: '80',
    budgetVnd,
    policyId: 'vn-longan-local-2022',
    registrationOpensOn: '2026-01-05',
    registrationClosesOn: '2026-05-20',
  };
}

/** Opens the Long An local programme of 2026 with a budget. */
export async function createProgramme(engine: TestEngine, budgetVnd = 1_000_000_000): Promise<string> {
  engine.clock.set('2026-01-02T02:00:00Z');
  const res = await engine.http
    .post('/api/v1/programmes')
    .set(headers(engine, 'admin'))
    .send(programmeBody(`KCDP-LA-2026-${budgetVnd}`, budgetVnd))
    .expect(201);
  return res.body.id as string;
}

export const DRAFT = {
  title: 'Dây chuyền sản xuất kẹo khóm',
  category: 'MACHINERY',
  beneficiary: {
    name: 'Cơ sở sản xuất kẹo khóm Bến Lức',
    kind: 'household_business',
    province: '80',
    commune: '27694',
    contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
  },
  totalCostVnd: 400_000_000,
  requestedSupportVnd: 150_000_000,
  counterpartVnd: 250_000_000,
  plannedStart: '2026-05-01',
  plannedEnd: '2026-12-15',
  objectives: 'Nâng công suất lên 2 tấn/ngày',
};

/** One command of a scenario: who sends what, when, and the status it leads to. */
export interface Step {
  readonly command: string;
  readonly at: string;
  readonly person: Person;
  readonly method: 'post' | 'patch';
  readonly path: string;
  readonly body: object;
  readonly status: string;
}

const d = (date: string) => `${date}T02:00:00Z`;

/** The main path of a project from draft to closed, every command of the lifecycle on the way. */
export const MAIN_PATH: readonly Step[] = [
  { command: 'UpdateProjectDraft', at: d('2026-03-02'), person: 'collaborator', method: 'patch', path: '', body: { objectives: 'Nâng công suất lên 2 tấn/ngày, giảm 30% lao động thủ công' }, status: 'draft' },
  { command: 'SubmitProposal', at: d('2026-03-03'), person: 'officer', method: 'post', path: 'submit', body: { declarations: { counterpartCommitted: true, noDoubleFunding: true } }, status: 'submitted' },
  { command: 'RequestInformation', at: d('2026-03-04'), person: 'officer', method: 'post', path: 'info-requests', body: { reason: 'Thiếu báo giá thiết bị' }, status: 'info_requested' },
  { command: 'ProvideInformation', at: d('2026-03-05'), person: 'officer', method: 'post', path: 'info-responses', body: { note: 'Đã bổ sung 3 báo giá' }, status: 'submitted' },
  { command: 'OpenAppraisal', at: d('2026-03-10'), person: 'officer', method: 'post', path: 'appraisal', body: { panel: ['appraiser-1', 'appraiser-2', 'appraiser-3', 'appraiser-4'] }, status: 'in_appraisal' },
  { command: 'DeclareConflict', at: d('2026-03-11'), person: 'a4', method: 'post', path: 'appraisal/conflicts', body: { note: 'Người thân của chủ cơ sở' }, status: 'in_appraisal' },
  { command: 'ScoreProposal', at: d('2026-03-12'), person: 'a1', method: 'post', path: 'appraisal/scores', body: { scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 } }, status: 'in_appraisal' },
  { command: 'ScoreProposal', at: d('2026-03-13'), person: 'a2', method: 'post', path: 'appraisal/scores', body: { scores: { fit: 7, necessity: 8, cost: 7, capacity: 6, dossier: 8 }, comment: 'Hợp lý' }, status: 'in_appraisal' },
  { command: 'ScoreProposal', at: d('2026-03-14'), person: 'a3', method: 'post', path: 'appraisal/scores', body: { scores: { fit: 9, necessity: 8, cost: 7, capacity: 8, dossier: 7 } }, status: 'in_appraisal' },
  { command: 'ConcludeAppraisal', at: d('2026-04-01'), person: 'approver', method: 'post', path: 'appraisal/conclusion', body: { recommend: true, recommendedSupportVnd: 150_000_000, minutesRef: 'BB-TĐ-12/2026' }, status: 'recommended' },
  { command: 'ApproveFunding', at: d('2026-04-10'), person: 'approver', method: 'post', path: 'approval', body: { decisionNo: '45/QĐ-SCT', decidedOn: '2026-04-10', approvedSupportVnd: 150_000_000 }, status: 'approved' },
  { command: 'SignContract', at: d('2026-04-20'), person: 'officer', method: 'post', path: 'contract', body: { contractNo: 'HĐ-07/2026/KC', signedOn: '2026-04-20', tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_000 }] }, status: 'contracted' },
  { command: 'StartImplementation', at: d('2026-05-04'), person: 'officer', method: 'post', path: 'implementation', body: { startedOn: '2026-05-04' }, status: 'in_implementation' },
  { command: 'ReportProgress', at: d('2026-06-20'), person: 'officer', method: 'post', path: 'progress-reports', body: { period: '2026-06', percentComplete: 75, summary: 'Đã lắp đặt máy, đang chạy thử' }, status: 'in_implementation' },
  { command: 'RequestTranche', at: d('2026-06-22'), person: 'officer', method: 'post', path: 'tranches/1/request', body: { amountVnd: 100_000_000, evidenceRefs: ['HĐ mua máy số 12'] }, status: 'in_implementation' },
  { command: 'ApproveTranche', at: d('2026-06-23'), person: 'accountant', method: 'post', path: 'tranches/1/approval', body: { paymentOrderNo: 'UNC-2026-0001' }, status: 'in_implementation' },
  { command: 'RequestAmendment', at: d('2026-07-01'), person: 'officer', method: 'post', path: 'amendments', body: { kind: 'schedule', changes: { plannedEnd: '2026-12-20' }, reason: 'Máy giao chậm 5 ngày' }, status: 'in_implementation' },
  { command: 'DecideAmendment', at: d('2026-07-02'), person: 'approver', method: 'post', path: 'amendments/1/decision', body: { approve: true, note: 'Đồng ý' }, status: 'in_implementation' },
  { command: 'SuspendProject', at: d('2026-07-10'), person: 'approver', method: 'post', path: 'suspension', body: { reason: 'Tạm dừng chờ kiểm tra an toàn' }, status: 'suspended' },
  { command: 'ResumeProject', at: d('2026-07-20'), person: 'approver', method: 'post', path: 'resumption', body: { reason: 'Đã kiểm tra' }, status: 'in_implementation' },
  { command: 'DeclareCompletion', at: d('2026-10-01'), person: 'officer', method: 'post', path: 'completion', body: { finalReportRef: 'BC-TK-2026-07' }, status: 'awaiting_acceptance' },
  { command: 'RecordAcceptance', at: d('2026-10-10'), person: 'officer', method: 'post', path: 'acceptance', body: { passed: true, minutesRef: 'BB-NT-07/2026', indicators: { outputTonsPerDay: 2, jobs: 12 } }, status: 'accepted' },
  { command: 'RequestTranche', at: d('2026-10-11'), person: 'officer', method: 'post', path: 'tranches/2/request', body: { amountVnd: 50_000_000, evidenceRefs: ['Biên bản nghiệm thu'] }, status: 'accepted' },
  { command: 'ApproveTranche', at: d('2026-10-12'), person: 'accountant', method: 'post', path: 'tranches/2/approval', body: { paymentOrderNo: 'UNC-2026-0002' }, status: 'accepted' },
  { command: 'SubmitSettlement', at: d('2026-10-15'), person: 'officer', method: 'post', path: 'settlement', body: { spentVnd: 150_000_000, counterpartSpentVnd: 250_000_000, dossierRef: 'HS-QT-2026-07' }, status: 'settlement_submitted' },
  { command: 'ApproveSettlement', at: d('2026-10-20'), person: 'approver', method: 'post', path: 'settlement/approval', body: { approvedVnd: 148_000_000 }, status: 'settled' },
  { command: 'RecordRefund', at: d('2026-11-05'), person: 'accountant', method: 'post', path: 'refunds', body: { amountVnd: 2_000_000, treasuryRef: 'KB-NT-0099' }, status: 'settled' },
  { command: 'RecordOutcome', at: d('2027-04-20'), person: 'officer', method: 'post', path: 'outcomes', body: { measuredOn: '2027-04-20', indicators: { outputTonsPerDay: 2.4, jobs: 14 } }, status: 'in_post_evaluation' },
  { command: 'CloseProject', at: d('2027-10-20'), person: 'officer', method: 'post', path: 'closure', body: {}, status: 'closed' },
];

/** Creates a draft in the programme (the first step of every path). */
export async function createDraft(engine: TestEngine, programmeId: string, overrides: object = {}, person: Person = 'officer'): Promise<string> {
  engine.clock.set(d('2026-03-02'));
  const res = await engine.http.post('/api/v1/projects').set(headers(engine, person)).send({ ...DRAFT, programmeId, ...overrides }).expect(201);
  expect(res.body).toMatchObject({ version: 1, status: 'draft' });
  return res.body.id as string;
}

/** Sends one step; returns the answer. */
export async function send(engine: TestEngine, projectId: string, step: Step, person: Person = step.person) {
  engine.clock.set(step.at);
  const url = `/api/v1/projects/${projectId}${step.path ? `/${step.path}` : ''}`;
  const req = step.method === 'patch' ? engine.http.patch(url) : engine.http.post(url);
  return req.set(headers(engine, person)).send(step.body);
}

/**
 * Hook for steps the path cannot take by itself (the treasury's payment confirmations): called
 * before each step with the step's index.
 */
export type BeforeStep = (index: number, step: Step, projectId: string) => Promise<void>;

/** Drives a new project along `path` until (and without) step `stopBefore`. */
export async function driveTo(engine: TestEngine, programmeId: string, stopBefore: number, path: readonly Step[] = MAIN_PATH, before?: BeforeStep): Promise<string> {
  const id = await createDraft(engine, programmeId);
  for (let i = 0; i < stopBefore; i += 1) {
    const step = path[i] as Step;
    await before?.(i, step, id);
    const res = await send(engine, id, step);
    if (res.status >= 300) throw new Error(`${step.command} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return id;
}

/** Sends a signed finance event (Standard Webhooks) as the treasury would. */
export async function sendFinanceEvent(
  engine: TestEngine,
  event: { type: 'payment.confirmed' | 'payment.failed'; data: Record<string, unknown> },
  webhookId = `msg_${Math.random().toString(36).slice(2)}`,
  options: { secret?: string; timestamp?: number } = {},
) {
  const body = JSON.stringify(event);
  const timestamp = options.timestamp ?? Math.floor(engine.clock.now().getTime() / 1000);
  const signed = buildWebhookHeaders({ secret: options.secret ?? TEST_FINANCE_SECRET, id: webhookId, timestamp, body });
  return engine.http.post('/api/v1/integrations/finance/events').set(signed).set('content-type', 'application/json').send(body);
}

/**
 * Confirms the payment of an order as the treasury would, before the steps of `path` that need
 * it; the order numbers are the ones `path` approves its tranches with.
 */
export function payOrders(engine: TestEngine, path: readonly Step[] = MAIN_PATH): BeforeStep {
  const orderOf = (no: number) => (path.find((s) => s.path === `tranches/${no}/approval`)?.body as { paymentOrderNo: string }).paymentOrderNo;
  const orders: Record<string, { orderNo: string; amountVnd: number; at: string }> = {
    // Tranche 1 is paid before the amendment, tranche 2 before the settlement is submitted.
    RequestAmendment: { orderNo: orderOf(1), amountVnd: 100_000_000, at: d('2026-06-25') },
    SubmitSettlement: { orderNo: orderOf(2), amountVnd: 50_000_000, at: d('2026-10-14') },
  };
  return async (_index, step) => {
    const order = orders[step.command];
    if (!order) return;
    engine.clock.set(order.at);
    const res = await sendFinanceEvent(engine, {
      type: 'payment.confirmed',
      data: { paymentOrderNo: order.orderNo, amountVnd: order.amountVnd, treasuryRef: `KB-${order.orderNo}`, valueDate: order.at.slice(0, 10) },
    });
    if (res.status !== 202) throw new Error(`payment of ${order.orderNo} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
}
