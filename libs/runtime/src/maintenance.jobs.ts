import type { Job } from 'bullmq';
import { Clock } from '@app/application';
import { EventStore } from '@app/event-store';
import { ProjectionManager } from '@app/projections';
import { JobDefinition, JobHandler } from '@app/queue';
import { FinanceInbound } from '@app/webhooks';

export const MAINTENANCE_QUEUE = 'maintenance';

export const REBUILD_PROJECTION_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'projection.rebuild' };
export const PURGE_IDEMPOTENCY_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'idempotency.purge' };
export const RETRY_PARKED_FINANCE_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'finance.parked.retry' };

/** Idempotency keys are kept at least 24 hours (API.md); purging at 48 h leaves a margin. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3600 * 1000;

/** Starts a blue/green rebuild; a repeated job finds the building generation and does nothing more. */
export function rebuildProjectionHandler(projections: ProjectionManager): JobHandler<{ name: string }> {
  return {
    ...REBUILD_PROJECTION_JOB,
    handle: async (job: Job<{ name: string }>) => ({ generation: await projections.rebuild(job.data.name) }),
  };
}

/** Forgets idempotency keys and inbound webhook ids past their retention. */
export function purgeIdempotencyHandler(store: EventStore, inbound: FinanceInbound, clock: Clock): JobHandler {
  return {
    ...PURGE_IDEMPOTENCY_JOB,
    handle: async () => ({
      purged: await store.purgeIdempotencyRecords(new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString()),
      inbound: await inbound.purge(),
    }),
  };
}

/** Applies parked finance events whose payment order has appeared since. */
export function retryParkedFinanceHandler(inbound: FinanceInbound): JobHandler {
  return { ...RETRY_PARKED_FINANCE_JOB, handle: async () => ({ applied: await inbound.retryParked() }) };
}
