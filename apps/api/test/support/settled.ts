import { Job, JobType } from 'bullmq';
import { compareCursors } from '@app/event-store';
import { QueueRuntime } from '@app/queue';
import { TestEngine } from './test-engine';
import { until } from './until';

/*
 * Waits for what proves the engine has done its background work, so a test can then check that
 * an unwanted effect is absent (instead of sleeping and hoping the work was done by then).
 */

const UNFINISHED: JobType[] = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'];

/**
 * Waits until every subscription whose name `which` accepts (read models, workflows, webhook
 * dispatchers) has a checkpoint at or past the event at `position`.
 *
 * @example
 * await subscriptionsPast(engine, await engine.lastPosition(), (name) => name.startsWith('webhook:'));
 */
export async function subscriptionsPast(engine: TestEngine, position: number, which: (name: string) => boolean, timeoutMs = 20_000): Promise<void> {
  const target = await engine.store.cursorOfPosition(position);
  if (!target) throw new Error(`No event at position ${position}`);
  await until(async () => {
    const res = await engine.db.query<{ name: string; transaction_id: string; position: string | number }>(
      'SELECT name, transaction_id::text AS transaction_id, position FROM subscription_checkpoints',
    );
    const chosen = res.rows.filter((r) => which(r.name));
    return chosen.length > 0 && chosen.every((r) => compareCursors({ transactionId: r.transaction_id, position: Number(r.position) }, target) >= 0);
  }, timeoutMs);
}

/**
 * Waits until no webhook delivery of the endpoint (every endpoint when omitted) is pending: each
 * was attempted and its outcome recorded. A dispatcher writes its deliveries in the transaction
 * that moves its checkpoint, so after {@link subscriptionsPast} none can be missing here.
 *
 * @example
 * await webhookDeliveriesSettled(engine, endpointId);
 */
export async function webhookDeliveriesSettled(engine: TestEngine, endpointId?: string, timeoutMs = 20_000): Promise<void> {
  await until(async () => {
    const res = await engine.db.query<{ n: string }>("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending' AND ($1::text IS NULL OR endpoint_id = $1)", [
      endpointId ?? null,
    ]);
    return Number(res.rows[0]?.n) === 0;
  }, timeoutMs);
}

/**
 * The jobs of a queue that `which` accepts, once at least one exists and every one has finished
 * (completed or failed; a job re-added by its own handler counts until it has finished too).
 *
 * @example
 * const [trigger] = await jobsFinished(engine, 'reminders', (job) => job.data.r === reminderId);
 */
export async function jobsFinished(engine: TestEngine, queue: string, which: (job: Job) => boolean, timeoutMs = 20_000): Promise<Job[]> {
  const jobs = engine.app.get(QueueRuntime).queueFor(queue);
  return until(async () => {
    const unfinished = (await jobs.getJobs(UNFINISHED)).filter((job) => job && which(job));
    if (unfinished.length > 0) return undefined;
    const finished = (await jobs.getJobs(['completed', 'failed'])).filter((job) => job && which(job));
    return finished.length > 0 && finished;
  }, timeoutMs);
}

/**
 * Waits until a queue holds no job that `which` accepts in any state but finished (waiting,
 * delayed, active, ...): nothing queued is left to run.
 *
 * @example
 * await noJobsLeft(engine, 'webhooks', (job) => String(job.data.deliveryId).startsWith(`${endpointId}:`));
 */
export async function noJobsLeft(engine: TestEngine, queue: string, which: (job: Job) => boolean, timeoutMs = 20_000): Promise<void> {
  const jobs = engine.app.get(QueueRuntime).queueFor(queue);
  await until(async () => (await jobs.getJobs(UNFINISHED)).filter((job) => job && which(job)).length === 0, timeoutMs);
}

/**
 * Adds a job no handler knows to a queue and waits until the queue's worker has run it (it fails
 * at once): every job the worker took before it has started by then.
 *
 * @example
 * await workerPassed(engine, 'webhooks');
 */
export async function workerPassed(engine: TestEngine, queue: string, timeoutMs = 20_000): Promise<void> {
  const probe = await engine.app.get(QueueRuntime).queueFor(queue).add('test.probe', {});
  await until(async () => ['completed', 'failed', 'unknown'].includes(await probe.getState()), timeoutMs);
}
