import type { ProjectAppraisalEvent } from './project-appraisal.events';
import type { ProjectClosingEvent } from './project-closing.events';
import type { ProjectDocumentEvent } from './project-documents.events';
import type { ProjectFundingEvent } from './project-funding.events';
import type { ProjectImplementationEvent } from './project-implementation.events';
import type { ProjectProposalEvent } from './project-proposal.events';

/*
 * The Project events, one file per lifecycle phase; this index holds their union and the schema
 * version of each type.
 */

export type * from './project-proposal.events';
export type * from './project-appraisal.events';
export type * from './project-funding.events';
export type * from './project-implementation.events';
export type * from './project-closing.events';
export type * from './project-documents.events';

/**
 * Every event of a `project-<id>` stream.
 *
 * @example
 * const state = events.reduce(evolveProject, { status: 'none' } as ProjectState);
 */
export type ProjectEvent =
  | ProjectProposalEvent
  | ProjectAppraisalEvent
  | ProjectFundingEvent
  | ProjectImplementationEvent
  | ProjectClosingEvent
  | ProjectDocumentEvent;

/** One Project event name. */
export type ProjectEventType = ProjectEvent['type'];

/** The data of one Project event type. */
export type ProjectEventData<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>['data'];

/**
 * Schema version of each Project event type, for the serializer and its upcasters.
 *
 * @example
 * PROJECT_EVENT_SCHEMA_VERSIONS.TrancheApproved; // 1
 */
export const PROJECT_EVENT_SCHEMA_VERSIONS: Readonly<Record<ProjectEventType, number>> = Object.freeze({
  ProjectDraftCreated: 1,
  ProjectDraftUpdated: 1,
  ProposalSubmitted: 1,
  InformationRequested: 1,
  InformationProvided: 1,
  ProposalWithdrawn: 1,
  AppraisalOpened: 1,
  ConflictDeclared: 1,
  ProposalScored: 1,
  AppraisalLevelPassed: 1,
  ProposalRecommended: 1,
  ProposalNotRecommended: 1,
  FundingApproved: 1,
  FundingRejected: 1,
  ContractSigned: 1,
  ImplementationStarted: 1,
  ProgressReported: 1,
  TrancheRequested: 1,
  TrancheApproved: 1,
  TrancheRejected: 1,
  PaymentConfirmed: 1,
  PaymentFailed: 1,
  AmendmentRequested: 1,
  AmendmentApproved: 1,
  AmendmentRejected: 1,
  ProjectSuspended: 1,
  ProjectResumed: 1,
  ProjectTerminated: 1,
  CompletionDeclared: 1,
  AcceptanceRecorded: 1,
  SettlementSubmitted: 1,
  SettlementApproved: 1,
  RefundDemanded: 1,
  RefundRecorded: 1,
  OutcomeRecorded: 1,
  ProjectClosed: 1,
  DocumentAttached: 1,
  PaperDocumentReceived: 1,
  DocumentSuperseded: 1,
});

/** The names of the Project events. */
export const PROJECT_EVENT_TYPES = Object.keys(PROJECT_EVENT_SCHEMA_VERSIONS) as readonly ProjectEventType[];
