import type { ProjectCommand, ProjectCommandType } from '../project/project.commands';
import type { Actor, Instant } from '../shared';
import { actors, beneficiary, PROJECT_ID, T } from './fixture-basics';

// One builder per Project command, with valid defaults along the main path of a project.

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
  attach: build('AttachDocument', actors.officer, T.created, {
    documentId: 'doc-1',
    kind: 'quotation',
    title: 'Báo giá máy đóng gói',
    fileName: 'bao-gia.pdf',
    mediaType: 'application/pdf',
    size: 183_204,
    sha256: 'a'.repeat(64),
    encrypted: false,
  }),
  paper: build('RecordPaperDocument', actors.officer, T.created, {
    documentId: 'paper-1',
    kind: 'business_registration',
    title: 'Giấy chứng nhận đăng ký hộ kinh doanh',
    receivedOn: '2026-03-01',
    registryNo: 'CV-0231',
  }),
  supersede: build('SupersedeDocument', actors.officer, T.created, { documentId: 'doc-1', reason: 'Báo giá cũ, đã thay' }),
};
