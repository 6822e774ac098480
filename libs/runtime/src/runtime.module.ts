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
import { EngineConfig } from '@app/config';
import { EVENT_UPCASTERS } from '@app/domain';
import { EventSchemaRegistry, migrate, PgDatabase, PgliteDatabase, SqlEventStore } from '@app/event-store';
import type { SqlDatabase } from '@app/event-store';
import { EngineMetrics, JsonLogger } from '@app/observability';
import type { Logger } from '@app/observability';
import { ENGINE_PROJECTIONS, ProjectionManager, ReadModelQueries } from '@app/projections';
import { JobHandler, JobRegistry, QueueRuntime } from '@app/queue';
import { DELIVER_WEBHOOK_JOB, FinanceInbound, OutboundWebhooks, parseAllowList, paymentOrderOwner, RECONCILE_WEBHOOKS_JOB, WEBHOOK_QUEUE } from '@app/webhooks';
import { AppendSignal } from './append-signal';
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
export const JOB_CATALOG = [REBUILD_PROJECTION_JOB, PURGE_IDEMPOTENCY_JOB, RETRY_PARKED_FINANCE_JOB, DELIVER_WEBHOOK_JOB, RECONCILE_WEBHOOKS_JOB];

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
 * The webhook job handlers, bound to the outbound service once it exists: the queue runtime needs
 * the handlers at construction and the service needs the queue runtime to add jobs.
 */
@Injectable()
export class WebhookJobs {
  private webhooks: OutboundWebhooks | undefined;

  bind(webhooks: OutboundWebhooks): void {
    this.webhooks = webhooks;
  }

  handlers(): JobHandler[] {
    const service = () => {
      if (!this.webhooks) throw new Error('Webhook service not bound yet');
      return this.webhooks;
    };
    return [
      { ...DELIVER_WEBHOOK_JOB, handle: (job) => service().jobHandlers()[0]?.handle(job) ?? Promise.resolve(), retryDelay: (error) => service().jobHandlers()[0]?.retryDelay?.(error) ?? 5000 },
      { ...RECONCILE_WEBHOOKS_JOB, handle: (job) => service().jobHandlers()[1]?.handle(job) ?? Promise.resolve() },
    ];
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.setUp();
    if (!this.options.worker) return;
    this.projections.start();
    await this.webhooks.start();
    await this.queues.startWorkers();
    await this.queues.schedule(WEBHOOK_QUEUE, RECONCILE_WEBHOOKS_JOB.name, 30_000);
    await this.webhooks.reconcile();
    await this.queues.schedule(MAINTENANCE_QUEUE, PURGE_IDEMPOTENCY_JOB.name, 3600_000);
    await this.queues.schedule(MAINTENANCE_QUEUE, RETRY_PARKED_FINANCE_JOB.name, 60_000);
    this.logger.info('worker started', { projections: this.projections.projections.map((p) => p.name), queues: this.queues.registry.queues });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.webhooks.stop();
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
      {
        provide: SQL_DATABASE,
        inject: [LOGGER],
        useFactory: async (logger: Logger) => {
          const db = await openDatabase(options.config, logger);
          if (options.migrate) {
            const report = await migrate(db, ENGINE_MIGRATIONS);
            if (report.applied.length > 0) logger.info('migrations applied', { applied: report.applied });
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
        inject: [SqlEventStore, IDS, EventSchemaRegistry, EngineMetrics],
        useFactory: (store: SqlEventStore, ids: IdGenerator, schemas: EventSchemaRegistry, metrics: EngineMetrics) =>
          new CommandExecutor(store, ids, schemas, { observer: { conflict: () => metrics.appendConflicts.inc() } }),
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
        inject: [SqlEventStore, SQL_DATABASE, LOGGER, EngineMetrics, APPEND_SIGNAL],
        useFactory: (store: SqlEventStore, db: SqlDatabase, logger: Logger, metrics: EngineMetrics, signal: AppendSignal) => {
          const manager = new ProjectionManager(store, db, ENGINE_PROJECTIONS, { logger, metrics });
          signal.on(() => manager.notify());
          return manager;
        },
      },
      { provide: ReadModelQueries, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => new ReadModelQueries(db) },
      {
        provide: FinanceInbound,
        inject: [SqlEventStore, SQL_DATABASE, ProjectCommands, IDS, CLOCK],
        useFactory: (store: SqlEventStore, db: SqlDatabase, projects: ProjectCommands, ids: IdGenerator, clock: Clock) => {
          if (!options.config.financeWebhookSecret) throw new Error('FINANCE_WEBHOOK_SECRET is not configured');
          return new FinanceInbound(store, db, projects, ids, clock, options.config.financeWebhookSecret);
        },
      },
      {
        provide: QueueRuntime,
        inject: [ProjectionManager, SqlEventStore, FinanceInbound, WebhookJobs, CLOCK, LOGGER, EngineMetrics],
        useFactory: async (
          projections: ProjectionManager,
          store: SqlEventStore,
          inbound: FinanceInbound,
          webhookJobs: WebhookJobs,
          clock: Clock,
          logger: Logger,
          metrics: EngineMetrics,
        ) => {
          const registry = new JobRegistry(JOB_CATALOG, [
            rebuildProjectionHandler(projections),
            purgeIdempotencyHandler(store, inbound, clock),
            retryParkedFinanceHandler(inbound),
            ...webhookJobs.handlers(),
          ]);
          const queues = new QueueRuntime(registry, { redisUrl: options.config.redisUrl, prefix: options.config.queuePrefix, logger, metrics });
          await queues.connect();
          return queues;
        },
      },
      {
        provide: OutboundWebhooks,
        inject: [SqlEventStore, SQL_DATABASE, QueueRuntime, IDS, CLOCK, LOGGER, EngineMetrics, WebhookJobs, APPEND_SIGNAL],
        useFactory: (
          store: SqlEventStore,
          db: SqlDatabase,
          queues: QueueRuntime,
          ids: IdGenerator,
          clock: Clock,
          logger: Logger,
          metrics: EngineMetrics,
          webhookJobs: WebhookJobs,
          signal: AppendSignal,
        ) => {
          const webhooks = new OutboundWebhooks(store, db, queues, ids, clock, {
            allow: parseAllowList(options.config.webhookAllowedHosts),
            retryScale: options.webhookRetryScale,
            logger,
            metrics,
          });
          webhookJobs.bind(webhooks);
          signal.on(() => webhooks.notify());
          return webhooks;
        },
      },
      WebhookJobs,
      RuntimeLifecycle,
    ];
    return {
      module: RuntimeModule,
      providers,
      exports: providers.filter((p): p is Exclude<Provider, typeof RuntimeLifecycle> => p !== RuntimeLifecycle),
    };
  }
}
