import type { Job } from 'bullmq';
import { Clock } from '@app/application';
import type { DocumentContentStore } from '@app/documents';
import { EventStore } from '@app/event-store';
import { ProjectionManager } from '@app/projections';
import { JobDefinition, JobHandler } from '@app/queue';
import { FinanceInbound } from '@app/webhooks';
import { collectDocumentGarbage, DocumentReferences } from './documents-wiring';

export const MAINTENANCE_QUEUE = 'maintenance';

export const REBUILD_PROJECTION_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'projection.rebuild' };
export const PURGE_IDEMPOTENCY_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'idempotency.purge' };
export const RETRY_PARKED_FINANCE_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'finance.parked.retry' };
export const COLLECT_DOCUMENT_GARBAGE_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'documents.garbage.collect' };

/** How often stored document contents no event pins are looked for (daily). */
export const DOCUMENT_GARBAGE_EVERY_MS = 24 * 3600 * 1000;

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

/**
 * Removes document contents no event pins and abandoned stagings, both older than an hour
 * (`collectDocumentGarbage`); answers how many of each it removed.
 */
export function collectDocumentGarbageHandler(store: DocumentContentStore, references: DocumentReferences): JobHandler {
  return { ...COLLECT_DOCUMENT_GARBAGE_JOB, handle: async () => ({ ...(await collectDocumentGarbage(store, references)) }) };
}
