import { ReadModelLaggingError } from '@app/application';
import { ProjectionManager } from '@app/projections';

/** How long a read with `minPosition` waits for the read models (API.md: at most 5 s). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/**
 * Waits until the read models have processed `minPosition` (and reads from the primary when a
 * read replica has not yet); 503 with Retry-After when they have
 * not in time. The position comes from a query DTO (`ReadYourWritesQuery`), whose validation has
 * already refused anything but an integer from 0 to `MAX_POSITION`.
 *
 * @example
 * await awaitPosition(this.projections, query.minPosition, ['projects']);
 */
export async function awaitPosition(projections: ProjectionManager, minPosition: number | undefined, names?: readonly string[]): Promise<void> {
  if (minPosition === undefined || minPosition <= 0) return;
  const reached = await projections.waitForPosition(minPosition, READ_YOUR_WRITES_TIMEOUT_MS, names);
  if (!reached) throw new ReadModelLaggingError(minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
  // A read replica that has not replayed the position yet leaves this read to the primary.
  await projections.routeRead(minPosition, names);
}
