import IORedis from 'ioredis';
import { FixedClock, PolicyCatalog, ProjectCommands, CommandExecutor, UuidV7Generator, ProgrammeCommands, CommandContext } from '@app/application';
import { migrate, PgDatabase } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import { ProjectionManager } from '@app/projections';
import { JobHandler, JobRegistry, QueueRuntime } from '@app/queue';
import { DeadlineWorkflow, EMAIL_REMINDER_JOB, FIRE_REMINDER_JOB, RECONCILE_REMINDERS_JOB, Reminders, ReminderTriggers, vnBusinessCalendar } from '@app/reminders';
import { ALL_PROJECTIONS, ENGINE_MIGRATIONS } from '@app/runtime';
import { benchSchemaName, dropSchema } from './bench-schema';
import { deletePrefix } from './redis-keys';
import { percentile as sortedPercentile, round2 } from './stats';

const percentile = (values: readonly number[], p: number): number => sortedPercentile(Float64Array.from(values).sort(), p);

/** The `reminders` key of the benchmark's JSON line. */
export interface RemindersFigures {
  /** p99 of a command (info request or reply, which schedule or complete a reminder) with the workflow running … */
  readonly commandP99Ms: number;
  /** … and with it stopped, measured in the same run, interleaved. */
  readonly commandP99MsWithoutWorkflow: number;
  /** The difference: what scheduling adds to a command. */
  readonly schedulingAddsP99Ms: number;
  readonly pendingReminders: number;
  readonly redisBytesPerReminder: number;
  readonly firingLatenessP50Ms: number;
  readonly firingLatenessP99Ms: number;
  readonly reconcileSeconds: number;
}

export interface RemindersBenchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Pending reminders for the memory and reconcile measures (default 100,000). */
  readonly pending?: number;
  /** Reminders fired for the lateness measure. */
  readonly fired?: number;
  /** Seconds per round of the command measure. */
  readonly seconds?: number;
  readonly rounds?: number;
  readonly log?: (line: string) => void;
}

async function usedMemory(redis: IORedis): Promise<number> {
  const info = await redis.info('memory');
  const match = /used_memory:(\d+)/.exec(info);
  return Number(match?.[1] ?? 0);
}

/**
 * Measures the reminder machinery against the goals: scheduling adds ≤ 1 ms p99 to a
 * command; a pending reminder uses ≤ 1 KB of Redis; firing lateness p99 ≤ 1 s; reconciling 100,000
 * reminders after a Redis flush takes ≤ 30 s.
 *
 * @example
 * const figures = await runRemindersBench({ databaseUrl, redisUrl });
 */
export async function runRemindersBench(options: RemindersBenchOptions): Promise<RemindersFigures> {
  const log = options.log ?? (() => undefined);
  const pending = options.pending ?? 100_000;
  const schema = benchSchemaName();
  const prefix = `bench-rem-${process.pid}`;
  const db = new PgDatabase({ connectionString: options.databaseUrl, schema, maxConnections: 12 });
  const redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 2 });
  const clock = new FixedClock(new Date('2026-03-03T02:00:00.000Z'));
  const ids = new UuidV7Generator();
  try {
    await migrate(db, ENGINE_MIGRATIONS);
    // As in the engine: appends wake the subscriptions of this process, which otherwise poll.
    const wake: (() => void)[] = [];
    const store = new SqlEventStore(db, { now: () => clock.now(), onAppended: () => wake.forEach((w) => w()) });
    const projections = new ProjectionManager(store, db, ALL_PROJECTIONS, { idleMs: 20 });
    await projections.setUp();

    // ---- 1. what scheduling adds to a command ----
    const executor = new CommandExecutor(store, ids);
    const policies = new PolicyCatalog();
    const projects = new ProjectCommands(executor, policies);
    const programmes = new ProgrammeCommands(executor, policies);
    const context = (actor: { id: string; roles: ('officer' | 'admin')[] }): CommandContext => ({
      actor: { ...actor, areas: undefined },
      commandId: ids.next(),
      correlationId: 'bench',
      occurredAt: clock.now().toISOString(),
    });
    const programmeId = ids.next();
    await programmes.execute(
      { type: 'CreateProgramme', programmeId, code: 'BENCH', name: 'Bench', year: 2026, fundingSource: 'local', province: '80', budgetVnd: 10_000_000_000, policyId: 'vn-longan-local-2022', registrationOpensOn: '2026-01-01', registrationClosesOn: '2026-12-31' },
      context({ id: 'admin', roles: ['admin'] }),
    );
    const officer = { id: 'bench-officer', roles: ['officer' as const] };
    // Commands arrive at a steady pace (not a closed loop saturating both cores), spread over
    // many projects so no stream grows long: the measure is what the workflow adds to a command.
    const clients = 4;
    const projectsPerClient = 8;
    const projectIds: string[] = [];
    for (let i = 0; i < clients * projectsPerClient; i += 1) {
      const projectId = ids.next();
      await projects.execute(
        {
          type: 'CreateProjectDraft',
          projectId,
          programmeId,
          title: `Dây chuyền ${i}`,
          category: 'MACHINERY',
          beneficiary: { name: `Cơ sở ${i}`, kind: 'household_business', province: '80', commune: '27694', contact: { name: `Chủ cơ sở ${i}`, phone: '0900000000' } },
          totalCostVnd: 400_000_000,
          requestedSupportVnd: 150_000_000,
          counterpartVnd: 250_000_000,
          plannedStart: '2026-05-01',
          plannedEnd: '2026-12-15',
          objectives: 'Nâng công suất',
        },
        context(officer),
      );
      await projects.execute({ type: 'SubmitProposal', projectId, declarations: { counterpartCommitted: true, noDoubleFunding: true } }, context(officer));
      projectIds.push(projectId);
    }
    // Scheduling only adds jobs here; no worker runs them in this part.
    const catalog = [FIRE_REMINDER_JOB, EMAIL_REMINDER_JOB, RECONCILE_REMINDERS_JOB];
    const queues = new QueueRuntime(catalog, { redisUrl: options.redisUrl, prefix });
    const reminders = new Reminders(store, db, queues, clock);
    await queues.connect();
    const workflow = new DeadlineWorkflow(store, db, vnBusinessCalendar);
    const triggers = new ReminderTriggers(store, db, (t) => reminders.firing.schedule(t));
    wake.push(() => workflow.runner.notify(), () => triggers.runner.notify());
    await workflow.runner.init();
    await triggers.runner.init();

    const requested = new Set<string>();
    const command = async (projectId: string): Promise<number> => {
      const started = process.hrtime.bigint();
      if (requested.has(projectId)) {
        await projects.execute({ type: 'ProvideInformation', projectId, note: 'Đã bổ sung' }, context(officer));
        requested.delete(projectId);
      } else {
        await projects.execute({ type: 'RequestInformation', projectId, reason: 'Thiếu báo giá' }, context(officer));
        requested.add(projectId);
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const intervalMs = 25;
    const measure = async (seconds: number): Promise<number[]> => {
      const latencies: number[] = [];
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let n = 0; Date.now() < until; n += 1) {
            const next = Date.now() + intervalMs;
            latencies.push(await command(projectIds[c * projectsPerClient + (n % projectsPerClient)] as string));
            const wait = next - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          }
        }),
      );
      return latencies;
    };
    const withWorkflow: number[] = [];
    const without: number[] = [];
    const seconds = options.seconds ?? 2;
    const rounds = options.rounds ?? 5;
    await measure(0.5);
    for (let round = 0; round < rounds; round += 1) {
      // The commands of the last round without the workflow left a backlog: drain it unmeasured,
      // so the round with the workflow measures its steady cost, not a catch-up.
      await workflow.runner.catchUp();
      await triggers.runner.catchUp();
      workflow.runner.start();
      triggers.runner.start();
      withWorkflow.push(...(await measure(seconds)));
      await workflow.runner.stop();
      await triggers.runner.stop();
      without.push(...(await measure(seconds)));
    }
    // Let the workflow finish the backlog of the rounds without it before the next measures.
    await workflow.runner.catchUp();
    await projections.catchUp();
    const commandP99Ms = percentile(withWorkflow, 99);
    const commandP99MsWithoutWorkflow = percentile(without, 99);
    log(
      `reminders: command p50/p99 ${percentile(withWorkflow, 50).toFixed(2)}/${commandP99Ms.toFixed(2)} ms with the workflow running, ` +
        `${percentile(without, 50).toFixed(2)}/${commandP99MsWithoutWorkflow.toFixed(2)} ms without (${withWorkflow.length}/${without.length} commands)`,
    );

    // ---- 2. Redis per pending reminder, and 3. reconcile after a flush ----
    await deletePrefix(redis, prefix);
    const before = await usedMemory(redis);
    const fireAt = new Date(clock.now().getTime() + 24 * 3600 * 1000).toISOString();
    const rows: string[] = [];
    for (let i = 0; i < pending; i += 1) rows.push(`${projectIds[i % projectIds.length]}:info_reply:${1000 + i}`);
    for (let i = 0; i < rows.length; i += 5000) {
      const slice = rows.slice(i, i + 5000);
      await db.query(
        `INSERT INTO reminders (id, project_id, kind, assignees, due_at, status, created_at, updated_at, last_version)
         SELECT r, split_part(r, ':', 1), 'info_reply', ARRAY['bench-officer'], $2, 'open', $3, $3, 1000000 FROM unnest($1::text[]) AS r`,
        [slice, fireAt, clock.now().toISOString()],
      );
    }
    const reconcileStarted = Date.now();
    await reminders.firing.reconcile();
    const reconcileSeconds = (Date.now() - reconcileStarted) / 1000;
    const after = await usedMemory(redis);
    const redisBytesPerReminder = Math.round((after - before) / pending);
    log(`reminders: ${pending} pending reminders use ${redisBytesPerReminder} bytes of Redis each; reconciling them into an empty Redis took ${reconcileSeconds.toFixed(1)} s`);
    await deletePrefix(redis, prefix);
    await db.query("DELETE FROM reminders WHERE kind = 'info_reply' AND last_version = 1000000");

    // ---- 4. firing lateness, on the real clock ----
    const fired = options.fired ?? 1000;
    await queues.close();
    const realStore = new SqlEventStore(db);
    const lateness: number[] = [];
    const liveQueues = new QueueRuntime(catalog, { redisUrl: options.redisUrl, prefix, concurrency: 8 });
    await liveQueues.connect();
    const liveReminders = new Reminders(realStore, db, liveQueues, { now: () => new Date() });
    // The trigger's handler notes how late each trigger ran before it fires the reminder.
    const timedHandlers = liveReminders.jobHandlers().map(
      (handler): JobHandler =>
        handler.name !== FIRE_REMINDER_JOB.name
          ? handler
          : {
              ...handler,
              handle: async (job) => {
                lateness.push(Date.now() - (job.data as { a: number }).a);
                return handler.handle(job);
              },
            },
    );
    // Reminders of many projects (each project has its own reminder stream), due over 5 s.
    const start = Date.now() + 2000;
    const due: { id: string; at: string }[] = [];
    for (let i = 0; i < fired; i += 1) due.push({ id: `${ids.next()}:info_reply:${i}`, at: new Date(start + Math.floor((i / fired) * 5000)).toISOString() });
    await db.query(
      `INSERT INTO reminders (id, project_id, kind, assignees, due_at, status, created_at, updated_at, last_version)
       SELECT r.id, split_part(r.id, ':', 1), 'info_reply', ARRAY['bench-officer'], r.at, 'open', now(), now(), 1000000
       FROM unnest($1::text[], $2::timestamptz[]) AS r(id, at)`,
      [due.map((d) => d.id), due.map((d) => d.at)],
    );
    await liveReminders.firing.schedule(due.map((d) => ({ reminderId: d.id, phase: 'send' as const, at: d.at })));
    await liveQueues.startWorkers(new JobRegistry(catalog, timedHandlers));
    const deadline = Date.now() + 30_000;
    while (lateness.length < fired && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await liveQueues.close();
    const firingLatenessP50Ms = percentile(lateness, 50);
    const firingLatenessP99Ms = percentile(lateness, 99);
    log(`reminders: ${lateness.length} reminders fired, lateness p50 ${firingLatenessP50Ms.toFixed(0)} ms, p99 ${firingLatenessP99Ms.toFixed(0)} ms`);
    await deletePrefix(redis, prefix);

    return {
      commandP99Ms: round2(commandP99Ms),
      commandP99MsWithoutWorkflow: round2(commandP99MsWithoutWorkflow),
      schedulingAddsP99Ms: round2(commandP99Ms - commandP99MsWithoutWorkflow),
      pendingReminders: pending,
      redisBytesPerReminder,
      firingLatenessP50Ms: Math.round(firingLatenessP50Ms),
      firingLatenessP99Ms: Math.round(firingLatenessP99Ms),
      reconcileSeconds: round2(reconcileSeconds),
    };
  } finally {
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await db.close();
    await dropSchema(options.databaseUrl, schema).catch(() => undefined);
  }
}


if (require.main === module) {
  runRemindersBench({
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    log: (line) => console.log(line),
  })
    .then((figures) => console.log(JSON.stringify({ reminders: figures })))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
