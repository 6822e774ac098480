import type { Provider } from '@nestjs/common';
import { Clock, PolicyCatalog } from '@app/application';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';
import { EngineMetrics, Logger } from '@app/observability';
import { QueueRuntime } from '@app/queue';
import { DeadlineWorkflow, ReminderContacts, ReminderFiring, ReminderQueries, Reminders, ReminderTriggers, smtpMailer, vnBusinessCalendar } from '@app/reminders';
import { AppendSignal } from './append-signal';
import type { RuntimeOptions } from './runtime-options';
import { APPEND_SIGNAL, CLOCK, EVENT_STORE, LOGGER, SQL_DATABASE } from './tokens';

/**
 * The reminders' providers: the deadline workflow and the subscription that turns reminders into
 * triggers, and the parts of reminders (queries and contacts for the API, firing for the
 * triggers). Reminders add jobs through the queue runtime; their job handlers join the workers
 * through the job registry (see `queue-wiring.ts`).
 *
 * @example
 * const providers = [...reminderProviders(options)];
 */
export function reminderProviders(options: RuntimeOptions): Provider[] {
  return [
    {
      provide: Reminders,
      inject: [EVENT_STORE, SQL_DATABASE, QueueRuntime, CLOCK, LOGGER],
      useFactory: (store: DatabaseEventStore, db: SqlDatabase, queues: QueueRuntime, clock: Clock, logger: Logger) => {
        const mailer = options.config.smtpUrl ? smtpMailer(options.config.smtpUrl, options.config.mailFrom) : undefined;
        return new Reminders(store, db, queues, clock, { logger, ...(mailer ? { mailer } : {}) });
      },
    },
    { provide: ReminderQueries, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.queries },
    { provide: ReminderContacts, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.contacts },
    { provide: ReminderFiring, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.firing },
    {
      provide: DeadlineWorkflow,
      inject: [EVENT_STORE, SQL_DATABASE, LOGGER, EngineMetrics, APPEND_SIGNAL, PolicyCatalog],
      useFactory: (store: DatabaseEventStore, db: SqlDatabase, logger: Logger, metrics: EngineMetrics, signal: AppendSignal, policies: PolicyCatalog) => {
        const workflow = new DeadlineWorkflow(store, db, vnBusinessCalendar, { logger, metrics, policies: policies.sets });
        signal.on(() => workflow.runner.notify());
        return workflow;
      },
    },
    {
      provide: ReminderTriggers,
      inject: [EVENT_STORE, SQL_DATABASE, ReminderFiring, LOGGER, EngineMetrics, APPEND_SIGNAL],
      useFactory: (store: DatabaseEventStore, db: SqlDatabase, firing: ReminderFiring, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
        const triggers = new ReminderTriggers(store, db, (t) => firing.schedule(t), { logger, metrics });
        signal.on(() => triggers.runner.notify());
        return triggers;
      },
    },
  ];
}
