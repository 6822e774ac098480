import type { LocalDate, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/** @example { type: 'TerminateProject', projectId, reason: 'Vi phạm hợp đồng', actor, at } */
export interface TerminateProject extends ProjectCommandBase {
  readonly type: 'TerminateProject';
  readonly reason: string;
}

/** @example { type: 'DeclareCompletion', projectId, finalReportRef: 'BC-final', actor, at } */
export interface DeclareCompletion extends ProjectCommandBase {
  readonly type: 'DeclareCompletion';
  readonly finalReportRef: string;
}

/** @example { type: 'RecordAcceptance', projectId, passed: true, minutesRef: 'NT-5a', indicators: { productivityGainPercent: 30 }, actor, at } */
export interface RecordAcceptance extends ProjectCommandBase {
  readonly type: 'RecordAcceptance';
  readonly passed: boolean;
  readonly minutesRef: string;
  readonly indicators: Readonly<Record<string, number>>;
  /** Required when the acceptance did not pass. */
  readonly defects?: readonly string[];
  /** Current documents of the project cited as evidence, besides the text references. */
  readonly documentIds?: readonly string[];
}

/** @example { type: 'SubmitSettlement', projectId, spentVnd: 150_000_000, counterpartSpentVnd: 250_000_000, dossierRef: 'QT-1', actor, at } */
export interface SubmitSettlement extends ProjectCommandBase {
  readonly type: 'SubmitSettlement';
  /** Spending of the state support. */
  readonly spentVnd: Vnd;
  readonly counterpartSpentVnd: Vnd;
  readonly dossierRef: string;
  /** Current documents of the project cited as evidence, besides the text references. */
  readonly documentIds?: readonly string[];
}

/** @example { type: 'ApproveSettlement', projectId, approvedVnd: 150_000_000, actor, at } */
export interface ApproveSettlement extends ProjectCommandBase {
  readonly type: 'ApproveSettlement';
  readonly approvedVnd: Vnd;
}

/** @example { type: 'RecordRefund', projectId, amountVnd: 20_000_000, treasuryRef: 'KB-NOP-3', actor, at } */
export interface RecordRefund extends ProjectCommandBase {
  readonly type: 'RecordRefund';
  readonly amountVnd: Vnd;
  readonly treasuryRef: string;
}

/** @example { type: 'RecordOutcome', projectId, measuredOn: '2027-07-01', indicators: { jobs: 14 }, actor, at } */
export interface RecordOutcome extends ProjectCommandBase {
  readonly type: 'RecordOutcome';
  readonly measuredOn: LocalDate;
  readonly indicators: Readonly<Record<string, number>>;
}

/** @example { type: 'CloseProject', projectId, actor, at } */
export interface CloseProject extends ProjectCommandBase {
  readonly type: 'CloseProject';
}

/** The commands that end a project: termination, acceptance, settlement, refunds, outcomes, closure. */
export type ProjectClosingCommand =
  | TerminateProject
  | DeclareCompletion
  | RecordAcceptance
  | SubmitSettlement
  | ApproveSettlement
  | RecordRefund
  | RecordOutcome
  | CloseProject;
