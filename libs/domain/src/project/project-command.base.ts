import type { Actor, Instant } from '../shared';

/** Who issued a command and when; every project command carries it. @example { projectId: 'p1', actor, at } */
export interface ProjectCommandBase {
  /** The project's id (`project-<id>` is its stream). */
  readonly projectId: string;
  readonly actor: Actor;
  readonly at: Instant;
}
