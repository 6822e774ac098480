import type { ProjectAppraisalCommand } from './project-appraisal.commands';
import type { ProjectClosingCommand } from './project-closing.commands';
import type { ProjectDocumentCommand } from './project-documents.commands';
import type { ProjectFundingCommand } from './project-funding.commands';
import type { ProjectImplementationCommand } from './project-implementation.commands';
import type { ProjectProposalCommand } from './project-proposal.commands';

/*
 * The Project commands, one file per lifecycle phase; this index holds their union and the list
 * of their names.
 */

export type * from './project-proposal.commands';
export type * from './project-appraisal.commands';
export type * from './project-funding.commands';
export type * from './project-implementation.commands';
export type * from './project-closing.commands';
export type * from './project-documents.commands';

/** Every command of the Project aggregate. @example const cmd: ProjectCommand = { type: 'CloseProject', projectId: 'p1', actor, at }; */
export type ProjectCommand =
  | ProjectProposalCommand
  | ProjectAppraisalCommand
  | ProjectFundingCommand
  | ProjectImplementationCommand
  | ProjectClosingCommand
  | ProjectDocumentCommand;

/** One Project command name. */
export type ProjectCommandType = ProjectCommand['type'];

// A record keyed by the union makes the compiler refuse a missing or extra name.
const NAMES: Record<ProjectCommandType, true> = {
  CreateProjectDraft: true,
  UpdateProjectDraft: true,
  SubmitProposal: true,
  RequestInformation: true,
  ProvideInformation: true,
  WithdrawProposal: true,
  OpenAppraisal: true,
  DeclareConflict: true,
  ScoreProposal: true,
  ConcludeAppraisal: true,
  ApproveFunding: true,
  RejectFunding: true,
  SignContract: true,
  StartImplementation: true,
  ReportProgress: true,
  RequestTranche: true,
  ApproveTranche: true,
  RejectTranche: true,
  ConfirmPayment: true,
  FailPayment: true,
  RequestAmendment: true,
  DecideAmendment: true,
  SuspendProject: true,
  ResumeProject: true,
  TerminateProject: true,
  DeclareCompletion: true,
  RecordAcceptance: true,
  SubmitSettlement: true,
  ApproveSettlement: true,
  RecordRefund: true,
  RecordOutcome: true,
  CloseProject: true,
  AttachDocument: true,
  RecordPaperDocument: true,
  SupersedeDocument: true,
};

/** The names of the Project commands, as keys of a policy's role table. */
export const PROJECT_COMMAND_TYPES = Object.keys(NAMES) as readonly ProjectCommandType[];
