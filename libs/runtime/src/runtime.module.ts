import { join } from 'node:path';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import {
  Clock,
  CommandExecutor,
  IdGenerator,
  PolicyCatalog,
  ProgrammeCommands,
  ProjectCommands,
  systemClock,
  UuidV7Generator,
} from '@app/application';
import { AuditChain, AuditKeyring, EventExport, TimeTravel } from '@app/audit';
import { EngineConfig } from '@app/config';
import { EVENT_UPCASTERS } from '@app/domain';
import { EventSchemaRegistry, migrate, PgDatabase, PgliteDatabase, SqlEventStore } from '@app/event-store';
import type { SqlDatabase } from '@app/event-store';
import { EngineMetrics, JsonLogger } from '@app/observability';
import type { Logger } from '@app/observability';
import { ProjectionManager, ReadModelQueries } from '@app/projections';
import { JobDefinition, JobHandler, JobRegistry, QueueRuntime } from '@app/queue';
import {
  DeadlineWorkflow,
  EMAIL_REMINDER_JOB,
  FIRE_REMINDER_JOB,
  RECONCILE_REMINDERS_JOB,
  REMINDER_QUEUE,
  ReminderContacts,
  ReminderFiring,
  ReminderQueries,
  Reminders,
  ReminderTriggers,
  smtpMailer,
  vnBusinessCalendar,
} from '@app/reminders';
import { DataSubjectErasure, KeyEncryption, PersonalDataGuard, SubjectKeys } from '@app/privacy';
import {
  DELIVER_WEBHOOK_JOB,
  FinanceInbound,
  OutboundWebhooks,
  parseAllowList,
  paymentOrderOwner,
  RECONCILE_WEBHOOKS_JOB,
  WEBHOOK_DELIVERY_CONCURRENCY,
  WEBHOOK_QUEUE,
  WebhookEndpoints,
  WebhookSecrets,
} from '@app/webhooks';
import { AppendSignal } from './append-signal';
import { engineErasure, keyEncryptionOf, rewrapStoredKeys } from './privacy-wiring';
import { ALL_PROJECTIONS } from './engine-projections';
import { ENGINE_MIGRATIONS, pendingMigrations } from './engine-migrations';
import {
  MAINTENANCE_QUEUE,
  PURGE_IDEMPOTENCY_JOB,
  purgeIdempotencyHandler,
  REBUILD_PROJECTION_JOB,
  rebuildProjectionHandler,
  RETRY_PARKED_FINANCE_JOB,
  retryParkedFinanceHandler,
} from './maintenance.jobs';
import { APPEND_SIGNAL, CLOCK, CONFIG, IDS, LOGGER, SQL_DATABASE } from './tokens';

export interface RuntimeOptions {
  readonly config: EngineConfig;
  /** Run subscriptions (projections) and queue workers in this process. */
  readonly worker: boolean;
  /** Apply pending migrations at start (single-node mode); otherwise refuse to start with pending ones. */
  readonly migrate: boolean;
  /** Replace the clock (tests). */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Multiplies the webhook retry schedule (tests); 1 by default. */
  readonly webhookRetryScale?: number;
}

/** Every job the engine declares; the registry refuses to boot unless each has one handler. */
/** Jobs whose handlers belong to services that are built after the queue runtime. */
const DEFERRED_JOBS: readonly JobDefinition[] = [DELIVER_WEBHOOK_JOB, RECONCILE_WEBHOOKS_JOB, FIRE_REMINDER_JOB, EMAIL_REMINDER_JOB, RECONCILE_REMINDERS_JOB];

/** Every job the engine declares; the registry refuses to boot unless each has one handler. */
export const JOB_CATALOG = [REBUILD_PROJECTION_JOB, PURGE_IDEMPOTENCY_JOB, RETRY_PARKED_FINANCE_JOB, ...DEFERRED_JOBS];

export class PendingMigrationsError extends Error {
  constructor(ids: readonly string[]) {
    super(`The database needs ${ids.length} migration(s) (${ids.join(', ')}); run "npm run cli -- migrate" first`);
    this.name = 'PendingMigrationsError';
  }
}

async function openDatabase(config: EngineConfig, logger: Logger): Promise<SqlDatabase> {
  if (config.databaseUrl) {
    return new PgDatabase({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      maxConnections: config.databasePoolSize,
      onIdleError: (error) => logger.warn('idle database connection failed', { error: error.message }),
    });
  }
  const dataDir = join(config.dataDir, 'pglite');
  logger.info('using the embedded database (set DATABASE_URL for PostgreSQL)', { dataDir });
  return PgliteDatabase.open({ dataDir });
}

/**
 * Job handlers of services that need the queue runtime themselves (webhooks, reminders): the
 * registry is built with forwarding handlers, and each service binds its real ones once it exists.
 */
@Injectable()
export class DeferredJobHandlers {
  private readonly bound = new Map<string, JobHandler>();

  forward(definition: JobDefinition): JobHandler {
    const key = `${definition.queue}/${definition.name}`;
    const target = () => {
      const handler = this.bound.get(key);
      if (!handler) throw new Error(`No handler bound for job ${key} yet`);
      return handler;
    };
    return {
      ...definition,
      handle: (job) => target().handle(job),
      retryDelay: (error) => this.bound.get(key)?.retryDelay?.(error) ?? 5000,
    };
  }

  bind(handlers: readonly JobHandler[]): void {
    for (const handler of handlers) this.bound.set(`${handler.queue}/${handler.name}`, handler);
  }
}

/** Starts and stops what runs in the background: projections, queue workers, schedules. */
@Injectable()
class RuntimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject('RUNTIME_OPTIONS') private readonly options: RuntimeOptions,
    private readonly projections: ProjectionManager,
    private readonly queues: QueueRuntime,
    private readonly webhooks: OutboundWebhooks,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly auditChain: AuditChain,
    private readonly deadlines: DeadlineWorkflow,
    private readonly reminderTriggers: ReminderTriggers,
    private readonly reminders: Reminders,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.setUp();
    if (!this.options.worker) return;
    this.projections.start();
    await this.auditChain.start();
    await this.webhooks.dispatcher.start();
    for (const runner of [this.deadlines.runner, this.reminderTriggers.runner]) {
      await runner.init();
      runner.start();
    }
    await this.queues.startWorkers();
    // Reminders whose jobs Redis lost (a flush, a replaced server) get them back at start.
    await this.reminders.firing.reconcile();
    await this.queues.schedule(REMINDER_QUEUE, RECONCILE_REMINDERS_JOB.name, 60_000);
    await this.queues.schedule(WEBHOOK_QUEUE, RECONCILE_WEBHOOKS_JOB.name, 30_000);
    await this.webhooks.reconciler.reconcile();
    await this.queues.schedule(MAINTENANCE_QUEUE, PURGE_IDEMPOTENCY_JOB.name, 3600_000);
    await this.queues.schedule(MAINTENANCE_QUEUE, RETRY_PARKED_FINANCE_JOB.name, 60_000);
    this.logger.info('worker started', { projections: this.projections.projections.map((p) => p.name), queues: this.queues.registry.queues });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.auditChain.stop();
    await this.webhooks.dispatcher.stop();
    await this.deadlines.runner.stop();
    await this.reminderTriggers.runner.stop();
    await this.queues.close();
    await this.db.close();
  }
}

/**
 * The engine's ports bound to their adapters, shared by the API, the worker and the CLI.
 *
 * @example
 * @Module({ imports: [RuntimeModule.forRoot({ config, worker: true, migrate: true })] })
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: 'RUNTIME_OPTIONS', useValue: options },
      { provide: CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger ?? new JsonLogger({ level: options.config.logLevel }) },
      { provide: EngineMetrics, useFactory: () => new EngineMetrics() },
      { provide: CLOCK, useValue: options.clock ?? systemClock },
      { provide: IDS, useFactory: (clock: Clock) => new UuidV7Generator(() => clock.now().getTime()), inject: [CLOCK] },
      { provide: APPEND_SIGNAL, useValue: new AppendSignal() },
      { provide: KeyEncryption, useFactory: () => keyEncryptionOf(options.config) },
      { provide: SubjectKeys, inject: [KeyEncryption], useFactory: (kek: KeyEncryption) => new SubjectKeys(kek) },
      { provide: WebhookSecrets, inject: [KeyEncryption], useFactory: (kek: KeyEncryption) => new WebhookSecrets(kek) },
      {
        provide: SQL_DATABASE,
        inject: [LOGGER, KeyEncryption],
        useFactory: async (logger: Logger, kek: KeyEncryption) => {
          const db = await openDatabase(options.config, logger);
          if (options.migrate) {
            const report = await migrate(db, ENGINE_MIGRATIONS);
            if (report.applied.length > 0) logger.info('migrations applied', { applied: report.applied });
            // Keys kept in clear by an older version, or under the previous key-encryption key, are wrapped now.
            const rewrapped = await rewrapStoredKeys(db, kek);
            if (rewrapped.subjectKeys + rewrapped.webhookSecrets > 0) logger.info('stored keys wrapped under the current key-encryption key', rewrapped);
          } else {
            const pending = await pendingMigrations(db);
            if (pending.length > 0) throw new PendingMigrationsError(pending);
          }
          return db;
        },
      },
      {
        provide: SqlEventStore,
        inject: [SQL_DATABASE, CLOCK, APPEND_SIGNAL],
        useFactory: (db: SqlDatabase, clock: Clock, signal: AppendSignal) =>
          new SqlEventStore(db, { now: () => clock.now(), onAppended: () => signal.emit() }),
      },
      { provide: EventSchemaRegistry, useValue: new EventSchemaRegistry(EVENT_UPCASTERS) },
      {
        provide: CommandExecutor,
        inject: [SqlEventStore, IDS, EventSchemaRegistry, EngineMetrics, PersonalDataGuard],
        useFactory: (store: SqlEventStore, ids: IdGenerator, schemas: EventSchemaRegistry, metrics: EngineMetrics, guard: PersonalDataGuard) =>
          new CommandExecutor(store, ids, schemas, { observer: { conflict: () => metrics.appendConflicts.inc() }, guard }),
      },
      { provide: PersonalDataGuard, inject: [SQL_DATABASE, SubjectKeys], useFactory: (db: SqlDatabase, keys: SubjectKeys) => new PersonalDataGuard(db, keys) },
      {
        provide: DataSubjectErasure,
        inject: [SQL_DATABASE, SqlEventStore, ProjectionManager, OutboundWebhooks, SubjectKeys, IDS, CLOCK, APPEND_SIGNAL],
        useFactory: (
          db: SqlDatabase,
          store: SqlEventStore,
          projections: ProjectionManager,
          webhooks: OutboundWebhooks,
          keys: SubjectKeys,
          ids: IdGenerator,
          clock: Clock,
          signal: AppendSignal,
        ) =>
          engineErasure({ db, store, projections, keys, ids, clock, holdDispatch: (tx) => webhooks.dispatcher.holdDispatchWithin(tx), committed: () => signal.emit() }),
      },
      { provide: PolicyCatalog, useValue: new PolicyCatalog() },
      {
        provide: ProjectCommands,
        inject: [CommandExecutor, PolicyCatalog, SQL_DATABASE],
        useFactory: (e: CommandExecutor, p: PolicyCatalog, db: SqlDatabase) => new ProjectCommands(e, p, { projectOf: (orderNo) => paymentOrderOwner(db, orderNo) }),
      },
      { provide: ProgrammeCommands, inject: [CommandExecutor, PolicyCatalog], useFactory: (e: CommandExecutor, p: PolicyCatalog) => new ProgrammeCommands(e, p) },
      {
        provide: ProjectionManager,
        inject: [SqlEventStore, SQL_DATABASE, LOGGER, EngineMetrics, APPEND_SIGNAL, PersonalDataGuard],
        useFactory: (store: SqlEventStore, db: SqlDatabase, logger: Logger, metrics: EngineMetrics, signal: AppendSignal, guard: PersonalDataGuard) => {
          const manager = new ProjectionManager(store, db, ALL_PROJECTIONS, { logger, metrics, prepare: (events, tx) => guard.open(events, tx) });
          signal.on(() => manager.notify());
          return manager;
        },
      },
      { provide: ReadModelQueries, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => new ReadModelQueries(db) },
      {
        provide: FinanceInbound,
        inject: [SqlEventStore, SQL_DATABASE, ProjectCommands, IDS, CLOCK, EngineMetrics],
        useFactory: (store: SqlEventStore, db: SqlDatabase, projects: ProjectCommands, ids: IdGenerator, clock: Clock, metrics: EngineMetrics) => {
          if (!options.config.financeWebhookSecret) throw new Error('FINANCE_WEBHOOK_SECRET is not configured');
          return new FinanceInbound(store, db, projects, ids, clock, options.config.financeWebhookSecret, { metrics });
        },
      },
      {
        provide: QueueRuntime,
        inject: [ProjectionManager, SqlEventStore, FinanceInbound, DeferredJobHandlers, CLOCK, LOGGER, EngineMetrics],
        useFactory: async (
          projections: ProjectionManager,
          store: SqlEventStore,
          inbound: FinanceInbound,
          deferred: DeferredJobHandlers,
          clock: Clock,
          logger: Logger,
          metrics: EngineMetrics,
        ) => {
          const registry = new JobRegistry(JOB_CATALOG, [
            rebuildProjectionHandler(projections),
            purgeIdempotencyHandler(store, inbound, clock),
            retryParkedFinanceHandler(inbound),
            ...DEFERRED_JOBS.map((definition) => deferred.forward(definition)),
          ]);
          const queues = new QueueRuntime(registry, {
            redisUrl: options.config.redisUrl,
            prefix: options.config.queuePrefix,
            logger,
            metrics,
            concurrencyByQueue: { [WEBHOOK_QUEUE]: WEBHOOK_DELIVERY_CONCURRENCY },
          });
          await queues.connect();
          return queues;
        },
      },
      {
        provide: OutboundWebhooks,
        inject: [SqlEventStore, SQL_DATABASE, QueueRuntime, IDS, CLOCK, LOGGER, EngineMetrics, DeferredJobHandlers, APPEND_SIGNAL, PersonalDataGuard, WebhookSecrets],
        useFactory: (
          store: SqlEventStore,
          db: SqlDatabase,
          queues: QueueRuntime,
          ids: IdGenerator,
          clock: Clock,
          logger: Logger,
          metrics: EngineMetrics,
          deferred: DeferredJobHandlers,
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
          deferred.bind(webhooks.jobHandlers());
          signal.on(() => webhooks.dispatcher.notify());
          return webhooks;
        },
      },
      {
        provide: AuditKeyring,
        useFactory: () => {
          const keys = new AuditKeyring({ pem: options.config.audit.signingKey, dataDir: options.config.dataDir, production: options.config.production });
          // In production a missing or bad key stops the boot rather than the first checkpoint.
          if (options.config.production) keys.signer();
          return keys;
        },
      },
      {
        provide: AuditChain,
        inject: [SqlEventStore, SQL_DATABASE, AuditKeyring, CLOCK, LOGGER, EngineMetrics, APPEND_SIGNAL],
        useFactory: (store: SqlEventStore, db: SqlDatabase, keys: AuditKeyring, clock: Clock, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
          const chain = new AuditChain(store, db, {
            signer: () => keys.signer(),
            checkpointEvery: options.config.audit.checkpointEvery,
            checkpointIntervalMs: options.config.audit.checkpointMinutes * 60_000,
            now: () => clock.now(),
            logger,
            metrics,
          });
          signal.on(() => chain.notify());
          return chain;
        },
      },
      {
        provide: TimeTravel,
        inject: [SqlEventStore, EventSchemaRegistry, PersonalDataGuard],
        // Replays see personal data opened (or `[erased]`), as the rest of the engine does; the
        // stream's hash chain is checked on the stored (sealed) events first.
        useFactory: (store: SqlEventStore, schemas: EventSchemaRegistry, guard: PersonalDataGuard) =>
          new TimeTravel(store, schemas, { open: (events) => guard.open(events) }),
      },
      {
        provide: EventExport,
        inject: [SQL_DATABASE, AuditKeyring, CLOCK],
        useFactory: (db: SqlDatabase, keys: AuditKeyring, clock: Clock) =>
          new EventExport(db, () => keys.signer(), { maxEvents: options.config.audit.exportMaxEvents, now: () => clock.now() }),
      },
      { provide: WebhookEndpoints, inject: [OutboundWebhooks], useFactory: (webhooks: OutboundWebhooks) => webhooks.endpoints },
      DeferredJobHandlers,
      {
        provide: Reminders,
        inject: [SqlEventStore, SQL_DATABASE, QueueRuntime, CLOCK, LOGGER, DeferredJobHandlers],
        useFactory: (store: SqlEventStore, db: SqlDatabase, queues: QueueRuntime, clock: Clock, logger: Logger, deferred: DeferredJobHandlers) => {
          const mailer = options.config.smtpUrl ? smtpMailer(options.config.smtpUrl, options.config.mailFrom) : undefined;
          const reminders = new Reminders(store, db, queues, clock, { logger, ...(mailer ? { mailer } : {}) });
          deferred.bind(reminders.jobHandlers());
          return reminders;
        },
      },
      { provide: ReminderQueries, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.queries },
      { provide: ReminderContacts, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.contacts },
      { provide: ReminderFiring, inject: [Reminders], useFactory: (reminders: Reminders) => reminders.firing },
      {
        provide: DeadlineWorkflow,
        inject: [SqlEventStore, SQL_DATABASE, LOGGER, EngineMetrics, APPEND_SIGNAL],
        useFactory: (store: SqlEventStore, db: SqlDatabase, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
          const workflow = new DeadlineWorkflow(store, db, vnBusinessCalendar, { logger, metrics });
          signal.on(() => workflow.runner.notify());
          return workflow;
        },
      },
      {
        provide: ReminderTriggers,
        inject: [SqlEventStore, SQL_DATABASE, ReminderFiring, LOGGER, EngineMetrics, APPEND_SIGNAL],
        useFactory: (store: SqlEventStore, db: SqlDatabase, firing: ReminderFiring, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
          const triggers = new ReminderTriggers(store, db, (t) => firing.schedule(t), { logger, metrics });
          signal.on(() => triggers.runner.notify());
          return triggers;
        },
      },
      RuntimeLifecycle,
    ];
    return {
      module: RuntimeModule,
      providers,
      exports: providers.filter((p): p is Exclude<Provider, typeof RuntimeLifecycle> => p !== RuntimeLifecycle),
    };
  }
}
