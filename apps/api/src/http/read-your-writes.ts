import { ReadModelLaggingError } from '@app/application';
import { ProjectionManager } from '@app/projections';
import { ProblemException } from './problem-details.filter';
import { MAX_POSITION } from './validators';

/** How long a read with `minPosition` waits for the read models (API.md: at most 5 s). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/**
 * Waits until the read models have processed `minPosition`; 503 with Retry-After when they have
 * not in time. A position that is not an integer from 0 to `MAX_POSITION` is refused with 400
 * (the query DTOs refuse it first; this guards callers that pass a number of their own).
 *
 * @example
 * await awaitPosition(this.projections, query.minPosition, ['projects']);
 */
export async function awaitPosition(projections: ProjectionManager, minPosition: number | undefined, names?: readonly string[]): Promise<void> {
  if (minPosition === undefined) return;
  if (!Number.isSafeInteger(minPosition) || minPosition < 0 || minPosition > MAX_POSITION) {
    throw new ProblemException({
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      detail: `minPosition must be an integer from 0 to ${MAX_POSITION}`,
      errors: [{ field: 'minPosition', message: `minPosition must be an integer from 0 to ${MAX_POSITION}` }],
    });
  }
  if (minPosition === 0) return;
  const reached = await projections.waitForPosition(minPosition, READ_YOUR_WRITES_TIMEOUT_MS, names);
  if (!reached) throw new ReadModelLaggingError(minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
}
