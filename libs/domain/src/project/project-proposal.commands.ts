import type { BeneficiaryKind, CategoryCode } from '../policy/policy-vocabulary';
import type { Instant, LocalDate, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/** The establishment a project supports. District is historical only (abolished in 2025). */
export interface Beneficiary {
  readonly name: string;
  readonly kind: BeneficiaryKind;
  readonly taxCode?: string;
  /** Province code, e.g. `80`. */
  readonly province: string;
  /** Commune code. */
  readonly commune: string;
  readonly district?: string;
  readonly contact?: { readonly name: string; readonly phone: string };
}

/** The proposal fields an officer or collaborator writes into a draft. */
export interface ProposalFields {
  readonly title: string;
  readonly category: CategoryCode;
  readonly beneficiary: Beneficiary;
  readonly totalCostVnd: Vnd;
  readonly requestedSupportVnd: Vnd;
  readonly counterpartVnd: Vnd;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly objectives: string;
  readonly expectedEffects?: string;
}

/**
 * Creates a draft proposal in a programme.
 *
 * @example
 * const cmd: CreateProjectDraft = { type: 'CreateProjectDraft', projectId: 'p1', programmeId: 'la-2026',
 *   title: 'Máy đóng gói', category: 'MACHINERY', beneficiary, totalCostVnd: 400_000_000,
 *   requestedSupportVnd: 150_000_000, counterpartVnd: 250_000_000, plannedStart: '2026-05-01',
 *   plannedEnd: '2026-10-31', objectives: '…', actor, at };
 */
export interface CreateProjectDraft extends ProjectCommandBase, ProposalFields {
  readonly type: 'CreateProjectDraft';
  readonly programmeId: string;
}

/**
 * Changes a draft; omitted fields stay as they are, `beneficiary` is replaced as a whole. The
 * programme of a project never changes.
 *
 * @example
 * const cmd: UpdateProjectDraft = { type: 'UpdateProjectDraft', projectId: 'p1', title: 'Máy đóng gói tự động', actor, at };
 */
export interface UpdateProjectDraft extends ProjectCommandBase, Partial<ProposalFields> {
  readonly type: 'UpdateProjectDraft';
}

/** @example { type: 'SubmitProposal', projectId, declarations: { counterpartCommitted: true, noDoubleFunding: true }, actor, at } */
export interface SubmitProposal extends ProjectCommandBase {
  readonly type: 'SubmitProposal';
  readonly declarations: { readonly counterpartCommitted: boolean; readonly noDoubleFunding: boolean };
}

/** @example { type: 'RequestInformation', projectId, reason: 'Thiếu báo giá', actor, at } */
export interface RequestInformation extends ProjectCommandBase {
  readonly type: 'RequestInformation';
  readonly reason: string;
  /** Overrides the policy's default reply deadline. */
  readonly replyDueAt?: Instant;
}

/** @example { type: 'ProvideInformation', projectId, note: 'Đã bổ sung báo giá', actor, at } */
export interface ProvideInformation extends ProjectCommandBase {
  readonly type: 'ProvideInformation';
  readonly note: string;
}

/** @example { type: 'WithdrawProposal', projectId, reason: 'Cơ sở không đủ vốn đối ứng', actor, at } */
export interface WithdrawProposal extends ProjectCommandBase {
  readonly type: 'WithdrawProposal';
  readonly reason: string;
}

/** The commands of the proposal phase: draft, submission, information requests, withdrawal. */
export type ProjectProposalCommand =
  | CreateProjectDraft
  | UpdateProjectDraft
  | SubmitProposal
  | RequestInformation
  | ProvideInformation
  | WithdrawProposal;
