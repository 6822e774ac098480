import type { TrancheKind } from '../policy/policy-vocabulary';
import type { LocalDate, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/** @example { type: 'ApproveFunding', projectId, decisionNo: '45/QĐ-SCT', decidedOn: '2026-06-10', approvedSupportVnd: 150_000_000, actor, at } */
export interface ApproveFunding extends ProjectCommandBase {
  readonly type: 'ApproveFunding';
  readonly decisionNo: string;
  readonly decidedOn: LocalDate;
  readonly approvedSupportVnd: Vnd;
  /** Current documents of the project cited as evidence, besides the text references. */
  readonly documentIds?: readonly string[];
  /**
   * The annual plan whose approval decides this funding; set by the plan's approval only (the
   * API's approval of a single project never carries it).
   */
  readonly planId?: string;
}

/** @example { type: 'RejectFunding', projectId, reason: 'Không còn kinh phí', actor, at } */
export interface RejectFunding extends ProjectCommandBase {
  readonly type: 'RejectFunding';
  readonly reason: string;
}

/** One line of a contract's payment schedule. */
export interface TrancheSchedule {
  readonly no: number;
  readonly kind: TrancheKind;
  readonly amountVnd: Vnd;
}

/** @example { type: 'SignContract', projectId, contractNo: 'HĐ-07', signedOn: '2026-06-20', tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_000 }], actor, at } */
export interface SignContract extends ProjectCommandBase {
  readonly type: 'SignContract';
  readonly contractNo: string;
  readonly signedOn: LocalDate;
  readonly tranches: readonly TrancheSchedule[];
}

/** The commands of the funding phase: the decision and the contract. */
export type ProjectFundingCommand =
  | ApproveFunding
  | RejectFunding
  | SignContract;
