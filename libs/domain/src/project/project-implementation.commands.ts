import type { AmendmentKind, CategoryCode } from '../policy/policy-vocabulary';
import type { LocalDate, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';
import type { Beneficiary } from './project-proposal.commands';

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

/**
 * A unit the project works with (đơn vị phối hợp), changed by a `partner` amendment. Projects
 * carry no partners before their first such amendment.
 */
export interface ProjectPartner {
  readonly partnerName: string;
  /** What the unit does for the project, e.g. `cung cấp thiết bị`. */
  readonly role: string;
}

/**
 * What an amendment changes; each kind carries its own fields (`AMENDMENT.KIND_MISMATCH` for
 * another kind's). Amendments recorded before the data fields carry only a description, and
 * change nothing but the figures.
 */
export interface AmendmentChanges {
  /** `schedule`, `extension_next_year`: the new planned end. */
  readonly plannedEnd?: LocalDate;
  /** Signed change of the approved support: positive for `support_increase`, negative for `support_decrease`. */
  readonly supportDeltaVnd?: number;
  readonly description?: string;
  /** `location`: the establishment's new province and commune (the district, historical, is dropped). */
  readonly province?: string;
  readonly commune?: string;
  /** `beneficiary`: the new beneficiary, whole, checked as at creation. */
  readonly beneficiary?: Beneficiary;
  /** `content`: a new content category (allowed by the pinned policy), objectives or expected effects. */
  readonly category?: CategoryCode;
  readonly objectives?: string;
  readonly expectedEffects?: string;
  /** `partner`: the project's whole new list of partners. */
  readonly partners?: readonly ProjectPartner[];
}

/** @example { type: 'RequestAmendment', projectId, kind: 'location', changes: { province: '80', commune: '27694' }, reason: 'Chuyển xưởng', actor, at } */
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
