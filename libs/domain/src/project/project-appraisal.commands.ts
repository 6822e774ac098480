import type { Instant, Vnd } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/** @example { type: 'OpenAppraisal', projectId, panel: ['a1', 'a2', 'a3'], actor, at } */
export interface OpenAppraisal extends ProjectCommandBase {
  readonly type: 'OpenAppraisal';
  /** User ids of the panel members. */
  readonly panel: readonly string[];
  /** Overrides the policy's default scoring deadline. */
  readonly dueAt?: Instant;
}

/** @example { type: 'DeclareConflict', projectId, note: 'Người thân của chủ cơ sở', actor, at } */
export interface DeclareConflict extends ProjectCommandBase {
  readonly type: 'DeclareConflict';
  readonly note: string;
}

/** @example { type: 'ScoreProposal', projectId, scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 }, actor, at } */
export interface ScoreProposal extends ProjectCommandBase {
  readonly type: 'ScoreProposal';
  /** One score per criterion code of the pinned rubric (`fit`, `necessity`, …). */
  readonly scores: Readonly<Record<string, number>>;
  readonly comment?: string;
}

/** @example { type: 'ConcludeAppraisal', projectId, recommend: true, recommendedSupportVnd: 150_000_000, minutesRef: 'BB-12', actor, at } */
export interface ConcludeAppraisal extends ProjectCommandBase {
  readonly type: 'ConcludeAppraisal';
  readonly recommend: boolean;
  /** Defaults to the requested support when recommending. */
  readonly recommendedSupportVnd?: Vnd;
  readonly minutesRef: string;
  /** Current documents of the project cited as evidence, besides the text references. */
  readonly documentIds?: readonly string[];
}

/** The commands of the appraisal phase: panels, conflicts, scores and conclusions. */
export type ProjectAppraisalCommand =
  | OpenAppraisal
  | DeclareConflict
  | ScoreProposal
  | ConcludeAppraisal;
