import type { DomainEvent, Instant, Vnd } from '../shared';
import type { ProjectEventBase } from './project-event.base';

/** A panel was named for an appraisal level. @example { type: 'AppraisalOpened', data: { projectId: 'p1', level: 'base', levelIndex: 0, levelCount: 2, panel: ['a1', 'a2', 'a3'], … } } */
export type AppraisalOpened = DomainEvent<
  'AppraisalOpened',
  ProjectEventBase & {
    /** Level name from the policy (`base`, `ministry`, `province`). */
    readonly level: string;
    readonly levelIndex: number;
    readonly levelCount: number;
    readonly panel: readonly string[];
    readonly quorum: number;
    readonly dueAt?: Instant;
    /** Policy default used when `dueAt` is absent. */
    readonly scoringBusinessDays: number;
    /** True when the same level is reopened with a new panel because recusals broke the quorum. */
    readonly reopened: boolean;
    readonly openedBy: string;
  }
>;

/** A panel member declared a conflict of interest and is recused at this level. @example { type: 'ConflictDeclared', data: { projectId: 'p1', appraiserId: 'a1', level: 'base', note: '…', at } } */
export type ConflictDeclared = DomainEvent<
  'ConflictDeclared',
  ProjectEventBase & { readonly appraiserId: string; readonly level: string; readonly note: string }
>;

/** One appraiser's scores under the pinned rubric. @example { type: 'ProposalScored', data: { projectId: 'p1', appraiserId: 'a1', scores: { fit: 8, … }, weightedScore: 7.4, … } } */
export type ProposalScored = DomainEvent<
  'ProposalScored',
  ProjectEventBase & {
    readonly appraiserId: string;
    readonly level: string;
    readonly scores: Readonly<Record<string, number>>;
    /** Weighted mean of the criteria, rounded to 2 decimals. */
    readonly weightedScore: number;
    readonly comment?: string;
    /** The rubric that was applied. */
    readonly policyId: string;
    readonly policyVersion: number;
  }
>;

/** Figures shared by the three appraisal conclusions. */
interface ConclusionData extends ProjectEventBase {
  readonly level: string;
  /** Mean of the appraisers' weighted scores, rounded to 2 decimals. */
  readonly meanScore: number;
  readonly scoreCount: number;
  readonly passMark: number;
  readonly minutesRef: string;
  /** Dossier documents cited as evidence (absent in events recorded before the dossier). */
  readonly documentIds?: readonly string[];
  readonly concludedBy: string;
}

/** A level other than the last passed; the project waits in appraisal for the next level's panel. @example { type: 'AppraisalLevelPassed', data: { projectId: 'p1', level: 'base', nextLevel: 'ministry', meanScore: 7.4, … } } */
export type AppraisalLevelPassed = DomainEvent<
  'AppraisalLevelPassed',
  ConclusionData & { readonly nextLevel: string; readonly proposedSupportVnd: Vnd }
>;

/** The last level recommends the proposal for funding. @example { type: 'ProposalRecommended', data: { projectId: 'p1', recommendedSupportVnd: 150_000_000, meanScore: 7.4, … } } */
export type ProposalRecommended = DomainEvent<
  'ProposalRecommended',
  ConclusionData & { readonly recommendedSupportVnd: Vnd; readonly requestedSupportVnd: Vnd; readonly capVnd: Vnd }
>;

/** A level did not recommend the proposal; this is final. @example { type: 'ProposalNotRecommended', data: { projectId: 'p1', level: 'base', meanScore: 4.2, … } } */
export type ProposalNotRecommended = DomainEvent<'ProposalNotRecommended', ConclusionData>;

/** The events of the appraisal phase: panels, conflicts, scores and conclusions. */
export type ProjectAppraisalEvent =
  | AppraisalOpened
  | ConflictDeclared
  | ProposalScored
  | AppraisalLevelPassed
  | ProposalRecommended
  | ProposalNotRecommended;
