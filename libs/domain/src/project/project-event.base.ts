import type { Instant } from '../shared';

/*
 * Every event carries what a read model needs (amounts, titles, beneficiary, who acted, when), so
 * projections are built from events alone. `at` is the command's instant; the envelope's
 * "occurred at" is the same value, repeated here so rules that replay state never need metadata.
 */

/** The fields every Project event carries. @example { projectId: 'p1', at: '2026-03-02T02:00:00Z' } */
export interface ProjectEventBase {
  readonly projectId: string;
  readonly at: Instant;
}
