import type { FieldError } from '../forms';
import { AMENDMENT_FIELDS, checkAmendment } from './amendment-form';
import { APPRAISERS_EXAMPLE, type ActionSpec, atMost, defaultSchedule, EVIDENCE, note, notFuture, outstandingRefund, reason, trancheOf } from './action-spec';
import { money, serial, thisMonth, today, yearOf } from './form-values';

/*
 * The form of each command a person issues on a project, and the checks the form makes before it
 * is sent. Which status a command may be issued from is the domain's `PROJECT_TRANSITIONS`, the
 * table the deciders enforce; who may issue it comes from the project's pinned policy
 * (`policy.roles`), so a new policy version changes the buttons without a new console.
 */

/** Every project command a person issues (DOMAIN.md), with its form. */
export const ACTIONS: readonly ActionSpec[] = [
  {
    command: 'SubmitProposal',
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
    method: 'PATCH',
    path: () => '',
    tone: 'neutral',
    fields: [],
  },
  {
    command: 'RequestInformation',
    method: 'POST',
    path: () => 'info-requests',
    tone: 'neutral',
    fields: [reason('Đề nghị bổ sung 03 báo giá thiết bị và bản sao giấy đăng ký kinh doanh')],
  },
  {
    command: 'ProvideInformation',
    method: 'POST',
    path: () => 'info-responses',
    tone: 'primary',
    fields: [note('Cơ sở đã bổ sung đủ 03 báo giá và giấy đăng ký kinh doanh')],
  },
  {
    command: 'OpenAppraisal',
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
    method: 'POST',
    path: () => 'appraisal/conflicts',
    tone: 'danger',
    fields: [note('Có quan hệ họ hàng với chủ cơ sở đề nghị hỗ trợ')],
  },
  {
    command: 'ScoreProposal',
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
    method: 'POST',
    path: () => 'appraisal/conclusion',
    tone: 'primary',
    fields: [
      { name: 'recommend', kind: 'yesno', example: () => 'yes' },
      { name: 'recommendedSupportVnd', kind: 'vnd', optional: true, initial: (c) => money(c.project.amounts.requestedVnd) },
      { name: 'minutesRef', kind: 'text', maxLength: 100, example: (c) => `BB-TĐ-${serial()}/${yearOf(c)}` },
      EVIDENCE,
    ],
    check: (body, c) => atMost(body, 'recommendedSupportVnd', c.project.amounts.requestedVnd),
  },
  {
    command: 'ApproveFunding',
    method: 'POST',
    path: () => 'approval',
    tone: 'primary',
    fields: [
      { name: 'decisionNo', kind: 'text', maxLength: 100, example: () => `${serial()}/QĐ-SCT` },
      { name: 'decidedOn', kind: 'date', initial: today },
      { name: 'approvedSupportVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.recommendedVnd) },
      EVIDENCE,
    ],
    check: (body, c) => ({ ...notFuture(body, 'decidedOn', c), ...atMost(body, 'approvedSupportVnd', c.project.amounts.recommendedVnd) }),
  },
  {
    command: 'RejectFunding',
    method: 'POST',
    path: () => 'rejection',
    tone: 'danger',
    fields: [reason('Ngân sách chương trình không đủ bố trí trong năm')],
  },
  {
    command: 'SignContract',
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
    method: 'POST',
    path: () => 'implementation',
    tone: 'primary',
    fields: [{ name: 'startedOn', kind: 'date', initial: today }],
    check: (body, c) => notFuture(body, 'startedOn', c),
  },
  {
    command: 'ReportProgress',
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
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/request`,
    tone: 'primary',
    fields: [
      { name: 'amountVnd', kind: 'vnd', initial: (c) => money(trancheOf(c)?.scheduledVnd) },
      { name: 'evidenceRefs', kind: 'list', example: () => 'Hóa đơn mua thiết bị số 0012\nBiên bản bàn giao thiết bị' },
      EVIDENCE,
    ],
    check: (body, c) => atMost(body, 'amountVnd', trancheOf(c)?.scheduledVnd),
  },
  {
    command: 'ApproveTranche',
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/approval`,
    tone: 'primary',
    fields: [{ name: 'paymentOrderNo', kind: 'text', maxLength: 64, example: (c) => `UNC-${yearOf(c)}-${serial()}` }],
  },
  {
    command: 'RejectTranche',
    method: 'POST',
    per: 'tranche',
    path: (t) => `tranches/${t.trancheNo ?? 0}/rejection`,
    tone: 'danger',
    fields: [reason('Thiếu hóa đơn chứng từ mua thiết bị')],
  },
  {
    command: 'RequestAmendment',
    method: 'POST',
    path: () => 'amendments',
    tone: 'neutral',
    fields: AMENDMENT_FIELDS,
    check: checkAmendment,
  },
  {
    command: 'DecideAmendment',
    method: 'POST',
    per: 'amendment',
    path: (t) => `amendments/${t.amendmentNo ?? 0}/decision`,
    tone: 'primary',
    fields: [{ name: 'approve', kind: 'yesno', example: () => 'yes' }, note('Đồng ý điều chỉnh')],
  },
  {
    command: 'SuspendProject',
    method: 'POST',
    path: () => 'suspension',
    tone: 'danger',
    fields: [reason('Tạm dừng để kiểm tra an toàn thiết bị')],
  },
  {
    command: 'ResumeProject',
    method: 'POST',
    path: () => 'resumption',
    tone: 'primary',
    fields: [reason('Đã kiểm tra xong, đủ điều kiện tiếp tục')],
  },
  {
    command: 'TerminateProject',
    method: 'POST',
    path: () => 'termination',
    tone: 'danger',
    fields: [reason('Cơ sở vi phạm hợp đồng, không tiếp tục thực hiện')],
  },
  {
    command: 'DeclareCompletion',
    method: 'POST',
    path: () => 'completion',
    tone: 'primary',
    fields: [{ name: 'finalReportRef', kind: 'text', example: (c) => `BC-TK-${serial()}/${yearOf(c)}` }],
  },
  {
    command: 'RecordAcceptance',
    method: 'POST',
    path: () => 'acceptance',
    tone: 'primary',
    fields: [
      { name: 'passed', kind: 'yesno', example: () => 'yes' },
      { name: 'minutesRef', kind: 'text', maxLength: 100, example: (c) => `BB-NT-${serial()}/${yearOf(c)}` },
      { name: 'indicators', kind: 'indicators', example: () => 'outputTonsPerDay = 2\njobs = 12' },
      { name: 'defects', kind: 'list', optional: true },
      EVIDENCE,
    ],
    check: (body): Record<string, FieldError> => (body.passed === false && (!Array.isArray(body.defects) || body.defects.length === 0) ? { defects: { key: 'error.defectsRequired' } } : {}),
  },
  {
    command: 'SubmitSettlement',
    method: 'POST',
    path: () => 'settlement',
    tone: 'primary',
    fields: [
      { name: 'spentVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.disbursedVnd) },
      { name: 'counterpartSpentVnd', kind: 'vnd', initial: (c) => money(c.project.amounts.counterpartVnd) },
      { name: 'dossierRef', kind: 'text', example: (c) => `HS-QT-${serial()}/${yearOf(c)}` },
      EVIDENCE,
    ],
  },
  {
    command: 'ApproveSettlement',
    method: 'POST',
    path: () => 'settlement/approval',
    tone: 'primary',
    fields: [{ name: 'approvedVnd', kind: 'vnd', initial: (c) => money(c.project.contract?.settlement?.spentVnd) }],
    check: (body, c) => atMost(body, 'approvedVnd', c.project.contract?.settlement?.spentVnd),
  },
  {
    command: 'RecordRefund',
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
    method: 'POST',
    path: () => 'closure',
    tone: 'neutral',
    fields: [],
  },
  {
    command: 'WithdrawProposal',
    method: 'POST',
    path: () => 'withdrawal',
    tone: 'danger',
    fields: [reason('Cơ sở không bố trí được vốn đối ứng')],
  },
];
