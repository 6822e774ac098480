import type { Provider } from '@nestjs/common';
import { Clock, IdGenerator, ProjectCommands } from '@app/application';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';
import { EngineMetrics, Logger } from '@app/observability';
import { PersonalDataGuard } from '@app/privacy';
import { QueueRuntime } from '@app/queue';
import { FinanceInbound, OutboundWebhooks, parseAllowList, WebhookDispatcher, WebhookEndpoints, WebhookReconciler, WebhookSecrets } from '@app/webhooks';
import { AppendSignal } from './append-signal';
import type { RuntimeOptions } from './runtime-options';
import { APPEND_SIGNAL, CLOCK, EVENT_STORE, IDS, LOGGER, SQL_DATABASE } from './tokens';

/**
 * The finance webhooks' providers: inbound events, and the parts of outbound webhooks (the
 * administration for the API, the dispatcher and the reconciler for the worker's lifecycle and
 * the erasure). Outbound webhooks add jobs through the queue runtime; their job handlers join the
 * workers through the job registry (see `queue-wiring.ts`).
 *
 * @example
 * const providers = [...webhookProviders(options)];
 */
export function webhookProviders(options: RuntimeOptions): Provider[] {
  return [
    {
      provide: FinanceInbound,
      inject: [EVENT_STORE, SQL_DATABASE, ProjectCommands, IDS, CLOCK, EngineMetrics],
      useFactory: (store: DatabaseEventStore, db: SqlDatabase, projects: ProjectCommands, ids: IdGenerator, clock: Clock, metrics: EngineMetrics) => {
        if (!options.config.financeWebhookSecret) throw new Error('FINANCE_WEBHOOK_SECRET is not configured');
        return new FinanceInbound(store, db, projects, ids, clock, options.config.financeWebhookSecret, { metrics });
      },
    },
    {
      provide: OutboundWebhooks,
      inject: [EVENT_STORE, SQL_DATABASE, QueueRuntime, IDS, CLOCK, LOGGER, EngineMetrics, APPEND_SIGNAL, PersonalDataGuard, WebhookSecrets],
      useFactory: (
        store: DatabaseEventStore,
        db: SqlDatabase,
        queues: QueueRuntime,
        ids: IdGenerator,
        clock: Clock,
        logger: Logger,
        metrics: EngineMetrics,
        signal: AppendSignal,
        guard: PersonalDataGuard,
        secrets: WebhookSecrets,
      ) => {
        const webhooks = new OutboundWebhooks(store, db, queues, ids, clock, {
          secrets,
          allow: parseAllowList(options.config.webhookAllowedHosts),
          retryScale: options.webhookRetryScale,
          logger,
          metrics,
          prepare: (events, tx) => guard.open(events, tx),
        });
        signal.on(() => webhooks.dispatcher.notify());
        return webhooks;
      },
    },
    { provide: WebhookEndpoints, inject: [OutboundWebhooks], useFactory: (webhooks: OutboundWebhooks) => webhooks.endpoints },
    { provide: WebhookDispatcher, inject: [OutboundWebhooks], useFactory: (webhooks: OutboundWebhooks) => webhooks.dispatcher },
    { provide: WebhookReconciler, inject: [OutboundWebhooks], useFactory: (webhooks: OutboundWebhooks) => webhooks.reconciler },
  ];
}
