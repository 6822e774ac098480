import type { ProjectCommandType } from './project.commands';
import { CONTRACTED_STATUSES, PROJECT_STATUSES, type ProjectStatus } from './project.state';

/*
 * The one place that says which project command may be issued from which status (DOMAIN.md
 * "Project states and commands", as data). The deciders check it, the lifecycle spec generates
 * its refusals from it and the console shows its buttons by it. It imports nothing but the status
 * list, so the console bundles a few hundred bytes for it.
 *
 * Who may issue a command is not here: that is the pinned policy set's `roles`
 * (`PolicySet.roles[command]`, checked by `requireRole`), data that changes by policy version.
 * Creation is not here either: `CreateProjectDraft` starts a stream that does not exist yet, and
 * a stream that exists refuses it with `PROJECT.ALREADY_EXISTS`.
 */

/** A command on a project that exists (every project command but creation). */
export type ProjectTransitionCommand = Exclude<ProjectCommandType, 'CreateProjectDraft'>;

const CONTRACT_AND_AFTER = [...CONTRACTED_STATUSES, 'terminated'] as const;

// The dossier stays open while anything can still happen: every status but the final ones
// (closed, withdrawn, rejected). A terminated project still settles refunds on paper.
const DOSSIER_OPEN = PROJECT_STATUSES.filter(
  (s): s is Exclude<ProjectStatus, 'closed' | 'withdrawn' | 'rejected'> => s !== 'closed' && s !== 'withdrawn' && s !== 'rejected',
);

/**
 * For each command on an existing project, the statuses it may be issued from; in any other
 * status the deciders refuse it with `PROJECT.INVALID_TRANSITION` (kind `conflict`). Within these
 * statuses the command's own rules may still refuse it (a tranche already requested, a quorum not
 * reached).
 *
 * @example
 * PROJECT_TRANSITIONS.ApproveFunding; // ['recommended']
 */
export const PROJECT_TRANSITIONS = {
  UpdateProjectDraft: ['draft'],
  SubmitProposal: ['draft', 'info_requested'],
  RequestInformation: ['submitted', 'in_appraisal'],
  ProvideInformation: ['info_requested'],
  WithdrawProposal: ['draft', 'submitted', 'info_requested', 'in_appraisal', 'recommended', 'not_recommended'],
  OpenAppraisal: ['submitted', 'in_appraisal'],
  DeclareConflict: ['in_appraisal'],
  ScoreProposal: ['in_appraisal'],
  ConcludeAppraisal: ['in_appraisal'],
  ApproveFunding: ['recommended'],
  RejectFunding: ['recommended'],
  SignContract: ['approved'],
  StartImplementation: ['contracted'],
  ReportProgress: ['in_implementation'],
  RequestTranche: ['contracted', 'in_implementation', 'awaiting_acceptance', 'accepted'],
  ApproveTranche: ['contracted', 'in_implementation', 'awaiting_acceptance', 'accepted', 'settlement_submitted'],
  RejectTranche: ['contracted', 'in_implementation', 'suspended', 'awaiting_acceptance', 'accepted', 'settlement_submitted'],
  // Payments are facts from the treasury: accepted in every status with a contract, and after termination.
  ConfirmPayment: CONTRACT_AND_AFTER,
  FailPayment: CONTRACT_AND_AFTER,
  RequestAmendment: ['in_implementation', 'suspended'],
  DecideAmendment: ['in_implementation', 'suspended'],
  SuspendProject: ['in_implementation'],
  ResumeProject: ['suspended'],
  TerminateProject: ['approved', 'contracted', 'in_implementation', 'suspended', 'awaiting_acceptance', 'accepted'],
  DeclareCompletion: ['in_implementation'],
  RecordAcceptance: ['awaiting_acceptance'],
  SubmitSettlement: ['accepted'],
  ApproveSettlement: ['settlement_submitted'],
  RecordRefund: ['terminated', 'settled', 'in_post_evaluation'],
  RecordOutcome: ['settled', 'in_post_evaluation'],
  CloseProject: ['in_post_evaluation'],
  AttachDocument: DOSSIER_OPEN,
  RecordPaperDocument: DOSSIER_OPEN,
  SupersedeDocument: DOSSIER_OPEN,
} as const satisfies Record<ProjectTransitionCommand, readonly ProjectStatus[]>;

/** The commands whose every allowed status lies in `S` (for the deciders' typed state checks). */
export type ProjectCommandsWithin<S extends ProjectStatus> = {
  [C in ProjectTransitionCommand]: (typeof PROJECT_TRANSITIONS)[C][number] extends S ? C : never;
}[ProjectTransitionCommand];

/**
 * Whether `command` may be issued while the project is `status` (by {@link PROJECT_TRANSITIONS}).
 *
 * @example
 * isAllowedFrom('SignContract', 'approved'); // true
 * isAllowedFrom('SignContract', 'contracted'); // false
 */
export function isAllowedFrom(command: ProjectTransitionCommand, status: ProjectStatus): boolean {
  return (PROJECT_TRANSITIONS[command] as readonly ProjectStatus[]).includes(status);
}
