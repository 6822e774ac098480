import type { AmendmentKind } from '../policy/policy-vocabulary';
import type { LocalDate, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/** @example { type: 'StartImplementation', projectId, startedOn: '2026-07-01', actor, at } */
export interface StartImplementation extends ProjectCommandBase {
  readonly type: 'StartImplementation';
  readonly startedOn: LocalDate;
}

/** @example { type: 'ReportProgress', projectId, period: '2026-07', percentComplete: 40, summary: 'Đã lắp đặt máy', actor, at } */
export interface ReportProgress extends ProjectCommandBase {
  readonly type: 'ReportProgress';
  /** `YYYY-MM`. */
  readonly period: string;
  readonly percentComplete: number;
  readonly summary: string;
}

/** @example { type: 'RequestTranche', projectId, trancheNo: 1, amountVnd: 100_000_000, evidenceRefs: ['doc-1'], actor, at } */
export interface RequestTranche extends ProjectCommandBase {
  readonly type: 'RequestTranche';
  readonly trancheNo: number;
  readonly amountVnd: Vnd;
  readonly evidenceRefs: readonly string[];
  /** Current documents of the project cited as evidence, besides the text references. */
  readonly documentIds?: readonly string[];
}

/** @example { type: 'ApproveTranche', projectId, trancheNo: 1, paymentOrderNo: 'UNC-001', actor, at } */
export interface ApproveTranche extends ProjectCommandBase {
  readonly type: 'ApproveTranche';
  readonly trancheNo: number;
  readonly paymentOrderNo: string;
}

/** @example { type: 'RejectTranche', projectId, trancheNo: 1, reason: 'Thiếu hóa đơn', actor, at } */
export interface RejectTranche extends ProjectCommandBase {
  readonly type: 'RejectTranche';
  readonly trancheNo: number;
  readonly reason: string;
}

/** @example { type: 'ConfirmPayment', projectId, paymentOrderNo: 'UNC-001', amountVnd: 100_000_000, treasuryRef: 'KB-9', valueDate: '2026-08-03', actor, at } */
export interface ConfirmPayment extends ProjectCommandBase {
  readonly type: 'ConfirmPayment';
  readonly paymentOrderNo: string;
  readonly amountVnd: Vnd;
  readonly treasuryRef: string;
  readonly valueDate: LocalDate;
}

/** @example { type: 'FailPayment', projectId, paymentOrderNo: 'UNC-001', reason: 'Sai số tài khoản', actor, at } */
export interface FailPayment extends ProjectCommandBase {
  readonly type: 'FailPayment';
  readonly paymentOrderNo: string;
  readonly reason: string;
}

/** What an amendment changes. */
export interface AmendmentChanges {
  readonly plannedEnd?: LocalDate;
  /** Signed change of the approved support: positive for `support_increase`, negative for `support_decrease`. */
  readonly supportDeltaVnd?: number;
  readonly description?: string;
}

/** @example { type: 'RequestAmendment', projectId, kind: 'schedule', changes: { plannedEnd: '2026-12-15' }, reason: 'Máy giao chậm', actor, at } */
export interface RequestAmendment extends ProjectCommandBase {
  readonly type: 'RequestAmendment';
  readonly kind: AmendmentKind;
  readonly changes: AmendmentChanges;
  readonly reason: string;
}

/** @example { type: 'DecideAmendment', projectId, amendmentNo: 1, approve: true, note: 'Đồng ý', actor, at } */
export interface DecideAmendment extends ProjectCommandBase {
  readonly type: 'DecideAmendment';
  readonly amendmentNo: number;
  readonly approve: boolean;
  readonly note: string;
}

/** @example { type: 'SuspendProject', projectId, reason: 'Thanh tra', actor, at } */
export interface SuspendProject extends ProjectCommandBase {
  readonly type: 'SuspendProject';
  readonly reason: string;
}

/** @example { type: 'ResumeProject', projectId, reason: 'Kết thúc thanh tra', actor, at } */
export interface ResumeProject extends ProjectCommandBase {
  readonly type: 'ResumeProject';
  readonly reason: string;
}

/** The commands of the implementation phase: progress, tranches, payments, amendments, suspension. */
export type ProjectImplementationCommand =
  | StartImplementation
  | ReportProgress
  | RequestTranche
  | ApproveTranche
  | RejectTranche
  | ConfirmPayment
  | FailPayment
  | RequestAmendment
  | DecideAmendment
  | SuspendProject
  | ResumeProject;
