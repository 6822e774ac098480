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
  PlanCommands,
  PlanReads,
  ProgrammeCommands,
  ProjectCommands,
  systemClock,
  UuidV7Generator,
} from '@app/application';
import { AuditChain, AuditKeyring, EventExport, TimeTravel } from '@app/audit';
import { EngineConfig } from '@app/config';
import { EVENT_UPCASTERS } from '@app/domain';
import { DatabaseEventStore, EventSchemaRegistry, migrate, PgDatabase, PgliteDatabase } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import type { SqlDatabase } from '@app/event-store';
import { EngineMetrics, JsonLogger } from '@app/observability';
import type { Logger } from '@app/observability';
import { limitConcurrentPasses, ProjectionManager, ReadModelQueries, ReadRouting } from '@app/projections';
import { JobRegistry, QueueRuntime } from '@app/queue';
import { DeadlineWorkflow, RECONCILE_REMINDERS_JOB, REMINDER_QUEUE, ReminderFiring, ReminderTriggers } from '@app/reminders';
import { DataSubjectErasure, KeyEncryption, PersonalDataGuard, SubjectKeys } from '@app/privacy';
import { paymentOrderOwner, RECONCILE_WEBHOOKS_JOB, WEBHOOK_QUEUE, WebhookDispatcher, WebhookReconciler, WebhookSecrets } from '@app/webhooks';
import { AppendSignal } from './append-signal';
import { engineErasure, keyEncryptionOf, rewrapStoredKeys } from './privacy-wiring';
import { ALL_PROJECTIONS } from './engine-projections';
import { ENGINE_MIGRATIONS, pendingMigrations } from './engine-migrations';
import { documentProviders } from './documents-wiring';
import { COLLECT_DOCUMENT_GARBAGE_JOB, DOCUMENT_GARBAGE_EVERY_MS, MAINTENANCE_QUEUE, PURGE_IDEMPOTENCY_JOB, RETRY_PARKED_FINANCE_JOB } from './maintenance.jobs';
import { queueProviders } from './queue-wiring';
import { loadPolicySets } from './policy-files';
import { reminderProviders } from './reminders-wiring';
import type { RuntimeOptions } from './runtime-options';
import { webhookProviders } from './webhooks-wiring';
import { APPEND_SIGNAL, CLOCK, CONFIG, EVENT_STORE, IDS, LOGGER, SQL_DATABASE } from './tokens';

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

/** The read replica of `DATABASE_READ_URL`: no schema is created there, it only replays the primary. */
function openReadReplica(config: EngineConfig, logger: Logger): SqlDatabase | undefined {
  if (!config.databaseReadUrl) return undefined;
  return new PgDatabase({
    connectionString: config.databaseReadUrl,
    schema: config.databaseSchema,
    createSchema: false,
    maxConnections: config.databasePoolSize,
    applicationName: 'grant-engine-read',
    onIdleError: (error) => logger.warn('idle read replica connection failed', { error: error.message }),
  });
}

/** Starts and stops what runs in the background: projections, queue workers, schedules. */
@Injectable()
class RuntimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject('RUNTIME_OPTIONS') private readonly options: RuntimeOptions,
    private readonly projections: ProjectionManager,
    private readonly queues: QueueRuntime,
    private readonly registry: JobRegistry,
    private readonly webhookDispatcher: WebhookDispatcher,
    private readonly webhookReconciler: WebhookReconciler,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly auditChain: AuditChain,
    private readonly deadlines: DeadlineWorkflow,
    private readonly reminderTriggers: ReminderTriggers,
    private readonly reminderFiring: ReminderFiring,
    private readonly readRouting: ReadRouting,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.setUp();
    if (!this.options.worker) return;
    this.projections.start();
    await this.auditChain.start();
    await this.webhookDispatcher.start();
    for (const runner of [this.deadlines.runner, this.reminderTriggers.runner]) {
      await runner.init();
      runner.start();
    }
    // Redis that lost its keys while the engine runs (a restart without persistence) gets the
    // schedulers back from the queue runtime, and the jobs they would have made from the log.
    this.queues.onKeysRestored(() => this.reminderFiring.reconcile());
    this.queues.onKeysRestored(() => this.webhookReconciler.reconcile());
    await this.queues.startWorkers(this.registry);
    // Reminders whose jobs Redis lost (a flush, a replaced server) get them back at start.
    await this.reminderFiring.reconcile();
    await this.queues.schedule(REMINDER_QUEUE, RECONCILE_REMINDERS_JOB.name, 60_000);
    await this.queues.schedule(WEBHOOK_QUEUE, RECONCILE_WEBHOOKS_JOB.name, 30_000);
    await this.webhookReconciler.reconcile();
    await this.queues.schedule(MAINTENANCE_QUEUE, PURGE_IDEMPOTENCY_JOB.name, 3600_000);
    await this.queues.schedule(MAINTENANCE_QUEUE, RETRY_PARKED_FINANCE_JOB.name, 60_000);
    await this.queues.schedule(MAINTENANCE_QUEUE, COLLECT_DOCUMENT_GARBAGE_JOB.name, DOCUMENT_GARBAGE_EVERY_MS);
    this.logger.info('worker started', { projections: this.projections.projections.map((p) => p.name), queues: this.registry.queues });
  }

  /**
   * The background stops in order, after the HTTP server has drained (`GracefulShutdown`): the
   * subscription runners after their current batch, the queues once running jobs end, then the
   * database. One log line per phase.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.projections.stop();
    await this.auditChain.stop();
    await this.webhookDispatcher.stop();
    await this.deadlines.runner.stop();
    await this.reminderTriggers.runner.stop();
    this.logger.info('shutdown: subscriptions stopped', { phase: 'subscriptions-stopped', ms: Date.now() - started });
    await this.queues.close();
    this.logger.info('shutdown: queues closed', { phase: 'queues-closed', ms: Date.now() - started });
    await this.db.close();
    await this.readRouting.replica?.close();
    this.logger.info('shutdown: database closed', { phase: 'database-closed', ms: Date.now() - started });
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
      { provide: APPEND_SIGNAL, useValue: new AppendSignal(options.config.worker) },
      { provide: KeyEncryption, useFactory: () => keyEncryptionOf(options.config) },
      { provide: SubjectKeys, inject: [KeyEncryption], useFactory: (kek: KeyEncryption) => new SubjectKeys(kek) },
      { provide: WebhookSecrets, inject: [KeyEncryption], useFactory: (kek: KeyEncryption) => new WebhookSecrets(kek) },
      {
        provide: SQL_DATABASE,
        inject: [LOGGER, KeyEncryption],
        useFactory: async (logger: Logger, kek: KeyEncryption) => {
          const db = await openDatabase(options.config, logger);
          // The worker's passes leave the rest of the pool to the API of the same process.
          limitConcurrentPasses(db, options.config.worker.concurrentPasses);
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
        provide: EVENT_STORE,
        inject: [SQL_DATABASE, CLOCK, APPEND_SIGNAL],
        useFactory: (db: SqlDatabase, clock: Clock, signal: AppendSignal) =>
          new SqlEventStore(db, { now: () => clock.now(), onAppended: () => signal.emit() }),
      },
      { provide: EventSchemaRegistry, useValue: new EventSchemaRegistry(EVENT_UPCASTERS) },
      {
        provide: CommandExecutor,
        inject: [EVENT_STORE, IDS, EventSchemaRegistry, EngineMetrics, PersonalDataGuard],
        useFactory: (store: DatabaseEventStore, ids: IdGenerator, schemas: EventSchemaRegistry, metrics: EngineMetrics, guard: PersonalDataGuard) =>
          new CommandExecutor(store, ids, schemas, {
            observer: {
              conflict: () => metrics.appendConflicts.inc(),
              completed: (command, outcome, seconds) => metrics.commandDuration.observe({ command, outcome }, seconds),
            },
            guard,
            stateCacheSize: options.config.commandStateCacheSize,
          }),
      },
      { provide: PersonalDataGuard, inject: [SQL_DATABASE, SubjectKeys], useFactory: (db: SqlDatabase, keys: SubjectKeys) => new PersonalDataGuard(db, keys) },
      {
        provide: DataSubjectErasure,
        inject: [SQL_DATABASE, EVENT_STORE, ProjectionManager, WebhookDispatcher, SubjectKeys, IDS, CLOCK, APPEND_SIGNAL],
        useFactory: (
          db: SqlDatabase,
          store: DatabaseEventStore,
          projections: ProjectionManager,
          dispatcher: WebhookDispatcher,
          keys: SubjectKeys,
          ids: IdGenerator,
          clock: Clock,
          signal: AppendSignal,
        ) =>
          engineErasure({ db, store, projections, keys, ids, clock, holdDispatch: (tx) => dispatcher.holdDispatchWithin(tx), committed: () => signal.emit() }),
      },
      { provide: PolicyCatalog, useValue: new PolicyCatalog(loadPolicySets(options.config.policyDir)) },
      {
        provide: ProjectCommands,
        inject: [CommandExecutor, PolicyCatalog, SQL_DATABASE],
        useFactory: (e: CommandExecutor, p: PolicyCatalog, db: SqlDatabase) => new ProjectCommands(e, p, { projectOf: (orderNo) => paymentOrderOwner(db, orderNo) }),
      },
      { provide: ProgrammeCommands, inject: [CommandExecutor, PolicyCatalog], useFactory: (e: CommandExecutor, p: PolicyCatalog) => new ProgrammeCommands(e, p) },
      { provide: PlanCommands, inject: [CommandExecutor, PolicyCatalog], useFactory: (e: CommandExecutor, p: PolicyCatalog) => new PlanCommands(e, p) },
      { provide: PlanReads, inject: [CommandExecutor], useFactory: (e: CommandExecutor) => new PlanReads(e) },
      {
        provide: ProjectionManager,
        inject: [EVENT_STORE, SQL_DATABASE, LOGGER, EngineMetrics, APPEND_SIGNAL, PersonalDataGuard, ReadRouting],
        useFactory: (
          store: DatabaseEventStore,
          db: SqlDatabase,
          logger: Logger,
          metrics: EngineMetrics,
          signal: AppendSignal,
          guard: PersonalDataGuard,
          readRouting: ReadRouting,
        ) => {
          const manager = new ProjectionManager(store, db, ALL_PROJECTIONS, { logger, metrics, prepare: (events, tx) => guard.open(events, tx), readRouting });
          signal.on(() => manager.notify());
          return manager;
        },
      },
      {
        provide: ReadRouting,
        inject: [SQL_DATABASE, LOGGER],
        useFactory: (db: SqlDatabase, logger: Logger) => new ReadRouting(db, openReadReplica(options.config, logger), logger),
      },
      // The read models' queries go to the read replica when there is one (ReadRouting says when not).
      { provide: ReadModelQueries, inject: [ReadRouting], useFactory: (routing: ReadRouting) => new ReadModelQueries(routing.database) },
      ...webhookProviders(options),
      ...documentProviders(options),
      ...queueProviders(options),
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
        inject: [EVENT_STORE, SQL_DATABASE, AuditKeyring, CLOCK, LOGGER, EngineMetrics, APPEND_SIGNAL],
        useFactory: (store: DatabaseEventStore, db: SqlDatabase, keys: AuditKeyring, clock: Clock, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
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
        inject: [EVENT_STORE, EventSchemaRegistry, PersonalDataGuard],
        // Replays see personal data opened (or `[erased]`), as the rest of the engine does; the
        // stream's hash chain is checked on the stored (sealed) events first.
        useFactory: (store: DatabaseEventStore, schemas: EventSchemaRegistry, guard: PersonalDataGuard) =>
          new TimeTravel(store, schemas, { open: (events) => guard.open(events) }),
      },
      {
        provide: EventExport,
        inject: [SQL_DATABASE, AuditKeyring, CLOCK],
        useFactory: (db: SqlDatabase, keys: AuditKeyring, clock: Clock) =>
          new EventExport(db, () => keys.signer(), { maxEvents: options.config.audit.exportMaxEvents, now: () => clock.now() }),
      },
      ...reminderProviders(options),
      RuntimeLifecycle,
    ];
    return {
      module: RuntimeModule,
      providers,
      exports: providers.filter((p): p is Exclude<Provider, typeof RuntimeLifecycle> => p !== RuntimeLifecycle),
    };
  }
}
