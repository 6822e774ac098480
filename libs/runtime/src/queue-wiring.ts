import type { Provider } from '@nestjs/common';
import { Clock } from '@app/application';
import { DatabaseEventStore } from '@app/event-store';
import { EngineMetrics, Logger } from '@app/observability';
import { ProjectionManager } from '@app/projections';
import { JobDefinition, JobRegistry, QueueRuntime } from '@app/queue';
import { EMAIL_REMINDER_JOB, FIRE_REMINDER_JOB, RECONCILE_REMINDERS_JOB, Reminders } from '@app/reminders';
import { DELIVER_WEBHOOK_JOB, FinanceInbound, OutboundWebhooks, RECONCILE_WEBHOOKS_JOB, WEBHOOK_DELIVERY_CONCURRENCY, WEBHOOK_QUEUE } from '@app/webhooks';
import { DocumentContentStore } from '@app/documents';
import { DOCUMENT_STORE, DocumentReferences } from './documents-wiring';
import {
  COLLECT_DOCUMENT_GARBAGE_JOB,
  collectDocumentGarbageHandler,
  PURGE_IDEMPOTENCY_JOB,
  purgeIdempotencyHandler,
  REBUILD_PROJECTION_JOB,
  rebuildProjectionHandler,
  RETRY_PARKED_FINANCE_JOB,
  retryParkedFinanceHandler,
} from './maintenance.jobs';
import type { RuntimeOptions } from './runtime-options';
import { CLOCK, EVENT_STORE, LOGGER } from './tokens';

/** Every job the engine declares; the registry refuses to boot unless each has one handler. */
export const JOB_CATALOG: readonly JobDefinition[] = [
  REBUILD_PROJECTION_JOB,
  PURGE_IDEMPOTENCY_JOB,
  RETRY_PARKED_FINANCE_JOB,
  COLLECT_DOCUMENT_GARBAGE_JOB,
  DELIVER_WEBHOOK_JOB,
  RECONCILE_WEBHOOKS_JOB,
  FIRE_REMINDER_JOB,
  EMAIL_REMINDER_JOB,
  RECONCILE_REMINDERS_JOB,
];

/**
 * The queues' providers, built in the order their dependencies allow, with no late binding:
 *
 * 1. `QueueRuntime` from the job catalogue alone: it only needs to know which jobs exist to add
 *    them (and to refuse an undeclared one).
 * 2. The services that add jobs (webhooks, reminders) with the runtime as their `JobQueue` port.
 * 3. `JobRegistry` from those services' handlers (and the maintenance ones), checked against the
 *    catalogue when it is built, at boot, in every process (API and worker alike).
 * 4. The worker's lifecycle hands the registry to `QueueRuntime.startWorkers`.
 *
 * The handlers call the services and the services call the queue, but the queue no longer needs
 * the handlers to exist: the cycle is gone with the forwarding handlers it needed (ADR 4).
 *
 * @example
 * const providers = [...queueProviders(options)];
 */
export function queueProviders(options: RuntimeOptions): Provider[] {
  return [
    {
      provide: QueueRuntime,
      inject: [LOGGER, EngineMetrics],
      useFactory: async (logger: Logger, metrics: EngineMetrics) => {
        const queues = new QueueRuntime(JOB_CATALOG, {
          redisUrl: options.config.redisUrl,
          ...(options.config.redisSentinel ? { redisSentinel: options.config.redisSentinel } : {}),
          prefix: options.config.queuePrefix,
          logger,
          metrics,
          // Jobs still running past the shutdown's time limit are left to BullMQ's stall check.
          shutdownTimeoutMs: options.config.shutdownTimeoutMs,
          concurrencyByQueue: { [WEBHOOK_QUEUE]: WEBHOOK_DELIVERY_CONCURRENCY },
          keyCheckIntervalMs: options.config.queueKeyCheckMs,
        });
        await queues.connect();
        return queues;
      },
    },
    {
      provide: JobRegistry,
      inject: [ProjectionManager, EVENT_STORE, FinanceInbound, OutboundWebhooks, Reminders, CLOCK, DOCUMENT_STORE, DocumentReferences],
      useFactory: (
        projections: ProjectionManager,
        store: DatabaseEventStore,
        inbound: FinanceInbound,
        webhooks: OutboundWebhooks,
        reminders: Reminders,
        clock: Clock,
        documents: DocumentContentStore,
        references: DocumentReferences,
      ) =>
        new JobRegistry(JOB_CATALOG, [
          rebuildProjectionHandler(projections),
          purgeIdempotencyHandler(store, inbound, clock),
          retryParkedFinanceHandler(inbound),
          collectDocumentGarbageHandler(documents, references),
          ...webhooks.jobHandlers(),
          ...reminders.jobHandlers(),
        ]),
    },
  ];
}
