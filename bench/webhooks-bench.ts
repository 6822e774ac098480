/**
 * The `webhooks` key of `npm run bench`: outbound finance webhooks end to end, on the real
 * machinery (a subscription per endpoint, delivery rows, BullMQ jobs, Standard Webhooks signing,
 * the SSRF-guarded sender) against a local receiver, with 10 endpoints by default.
 *
 * - **Lag**: payment orders (`TrancheApproved` events) are appended at a steady rate; for every
 *   delivery, the time from the append's return to the receiver's reading the request.
 * - **Throughput**: a burst of events is appended at once; deliveries per second until every
 *   endpoint has every message.
 * - **Baseline, same run**: the same signed bodies posted to the same receiver by the same sender
 *   function with the same concurrency as the delivery worker, without the durable parts (log,
 *   rows, queue). `ratio` = deliveries/s ÷ baseline posts/s.
 *
 * Settings: WEBHOOK_BENCH_ENDPOINTS (10), WEBHOOK_BENCH_RATE (events/s, 20),
 * WEBHOOK_BENCH_SECONDS (10), WEBHOOK_BENCH_BURST (events, 500).
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { UuidV7Generator } from '@app/application';
import { migrate, PgDatabase } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import { JobRegistry, QueueRuntime } from '@app/queue';
import { ENGINE_MIGRATIONS } from '@app/runtime';
import {
  buildWebhookHeaders,
  DELIVER_WEBHOOK_JOB,
  generateWebhookSecret,
  OutboundWebhooks,
  parseAllowList,
  RECONCILE_WEBHOOKS_JOB,
  sendWebhook,
  WEBHOOK_DELIVERY_CONCURRENCY,
  WEBHOOK_QUEUE,
} from '@app/webhooks';
import { benchSchemaName, dropSchema } from './bench-schema';
import { deletePrefix } from './redis-keys';
import { percentile as sortedPercentile, round2 } from './stats';

/** The `webhooks` key of the benchmark's JSON line. */
export interface WebhooksFigures {
  readonly endpoints: number;
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagDeliveries: number;
  readonly deliveriesPerSec: number;
  readonly baselinePostsPerSec: number;
  readonly ratio: number;
}

export interface WebhooksBenchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly endpoints?: number;
  /** Events per second of the lag measure, and its length in seconds. */
  readonly rate?: number;
  readonly seconds?: number;
  /** Events of the throughput burst. */
  readonly burst?: number;
  readonly log?: (line: string) => void;
}

const percentile = (values: readonly number[], p: number): number => sortedPercentile(Float64Array.from(values).sort(), p);
const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A finance system on localhost: answers 204 and notes when each message reached it. */
class Receiver {
  /** `<path> <webhook-id>` → first arrival (ms since epoch). */
  readonly arrivals = new Map<string, number>();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const key = `${req.url} ${String(req.headers['webhook-id'])}`;
        if (!this.arrivals.has(key)) this.arrivals.set(key, Date.now());
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/**
 * Runs the three measures on a fresh schema and Redis prefix, and drops both at the end.
 *
 * @example
 * const figures = await runWebhooksBench({ databaseUrl, redisUrl });
 */
export async function runWebhooksBench(options: WebhooksBenchOptions): Promise<WebhooksFigures> {
  const log = options.log ?? (() => undefined);
  const endpointCount = options.endpoints ?? envNumber('WEBHOOK_BENCH_ENDPOINTS', 10);
  const rate = options.rate ?? envNumber('WEBHOOK_BENCH_RATE', 20);
  const seconds = options.seconds ?? envNumber('WEBHOOK_BENCH_SECONDS', 10);
  const burst = options.burst ?? envNumber('WEBHOOK_BENCH_BURST', 500);
  for (const [name, value] of Object.entries({ endpointCount, rate, seconds, burst })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`webhooks benchmark: ${name} must be a positive number`);
  }
  const schema = benchSchemaName();
  const prefix = `bench-wh-${process.pid}`;
  const db = new PgDatabase({ connectionString: options.databaseUrl, schema, maxConnections: 12 });
  const redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 2 });
  const receiver = new Receiver();
  const ids = new UuidV7Generator();
  const clock = { now: () => new Date() };
  let queues: QueueRuntime | undefined;
  let webhooks: OutboundWebhooks | undefined;
  try {
    await migrate(db, ENGINE_MIGRATIONS);
    await receiver.start();
    // As in the engine: an append wakes the endpoints' subscriptions, which otherwise poll.
    const store = new SqlEventStore(db, { onAppended: () => webhooks?.dispatcher.notify() });
    const catalog = [DELIVER_WEBHOOK_JOB, RECONCILE_WEBHOOKS_JOB];
    // The engine's delivery concurrency (libs/runtime does the same).
    queues = new QueueRuntime(catalog, { redisUrl: options.redisUrl, prefix, concurrencyByQueue: { [WEBHOOK_QUEUE]: WEBHOOK_DELIVERY_CONCURRENCY } });
    await queues.connect();
    webhooks = new OutboundWebhooks(store, db, queues, ids, clock, { allow: parseAllowList('127.0.0.1') });
    const paths: string[] = [];
    for (let i = 0; i < endpointCount; i += 1) {
      const path = `/finance-${i}`;
      await webhooks.endpoints.register({ url: `http://127.0.0.1:${receiver.port}${path}`, eventTypes: ['payment_order.issued'], description: `bench ${i}` }, { id: 'bench', roles: ['admin'] });
      paths.push(path);
    }
    await webhooks.dispatcher.start();
    await queues.startWorkers(new JobRegistry(catalog, webhooks.jobHandlers()));

    /** Appends one payment order; returns its message id and when the append returned. */
    let orderNo = 0;
    const appendOrder = async (): Promise<{ messageId: string; appendedAt: number }> => {
      orderNo += 1;
      const projectId = ids.next();
      const eventId = ids.next();
      const at = new Date().toISOString();
      await store.appendToStreams([
        {
          streamId: `project-${projectId}`,
          expectedVersion: 'no_stream',
          events: [
            {
              eventId,
              type: 'TrancheApproved',
              schemaVersion: 1,
              data: {
                projectId,
                at,
                programmeId: 'bench-2026',
                contractNo: `HĐ-${orderNo}/2026`,
                trancheNo: 1,
                kind: 'advance',
                paymentOrderNo: `UNC-BENCH-${orderNo}`,
                amountVnd: 100_000_000,
                payee: { name: 'Cơ sở sản xuất kẹo khóm Tân Phước', taxCode: '1101234567' },
                requestedBy: 'accountant-1',
                approvedBy: 'approver-1',
              },
              metadata: { actor: { id: 'approver-1', roles: ['approver'] } },
            },
          ],
        },
      ]);
      return { messageId: `msg_${eventId.replace(/-/g, '')}`, appendedAt: Date.now() };
    };
    /** Waits until every endpoint has every message; `before`: arrivals before these were appended. */
    const waitForAll = async (messageIds: readonly string[], before: number, timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      // Counting first keeps the polling cheap while deliveries are still arriving.
      const expected = before + messageIds.length * paths.length;
      const missing = () => receiver.arrivals.size < expected || messageIds.some((id) => paths.some((p) => !receiver.arrivals.has(`${p} ${id}`)));
      while (missing()) {
        if (Date.now() > deadline) throw new Error('webhooks benchmark: deliveries missing after the time limit');
        await sleep(20);
      }
    };

    // ---- warm-up (connections, prepared statements, JIT), discarded ----
    const warm: string[] = [];
    for (let i = 0; i < 20; i += 1) warm.push((await appendOrder()).messageId);
    await waitForAll(warm, 0, 30_000);

    // ---- 1. lag at a steady rate ----
    const sent: { messageId: string; appendedAt: number }[] = [];
    const beforeLag = receiver.arrivals.size;
    const total = Math.round(rate * seconds);
    const started = Date.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      sent.push(await appendOrder());
    }
    await waitForAll(
      sent.map((s) => s.messageId),
      beforeLag,
      60_000,
    );
    const lags: number[] = [];
    for (const s of sent) for (const p of paths) lags.push((receiver.arrivals.get(`${p} ${s.messageId}`) as number) - s.appendedAt);
    const lagP50Ms = percentile(lags, 50);
    const lagP99Ms = percentile(lags, 99);
    log(`webhooks: ${endpointCount} endpoints, ${total} payment orders at ${rate}/s: ${lags.length} deliveries, lag from append to receipt p50 ${lagP50Ms.toFixed(0)} ms, p99 ${lagP99Ms.toFixed(0)} ms (goal p99 <= 1000 ms)`);

    // ---- 2. throughput of a burst ----
    const beforeBurst = receiver.arrivals.size;
    const burstStarted = Date.now();
    const appends = Array.from({ length: 8 }, async () => {
      const mine: string[] = [];
      while (orderNo < total + 20 + burst) mine.push((await appendOrder()).messageId);
      return mine;
    });
    const burstIds = (await Promise.all(appends)).flat();
    const appendedIn = (Date.now() - burstStarted) / 1000;
    await waitForAll(burstIds, beforeBurst, 300_000);
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    const deliveries = burstIds.length * endpointCount;
    const deliveriesPerSec = Math.round(deliveries / burstSeconds);
    log(`webhooks: burst of ${burstIds.length} payment orders (appended in ${appendedIn.toFixed(1)} s): ${deliveries} deliveries in ${burstSeconds.toFixed(1)} s = ${deliveriesPerSec} deliveries/s`);
    await webhooks.dispatcher.stop();
    await queues.close();
    queues = undefined;

    // ---- 3. baseline: the same posts without log, rows or queue ----
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'payment_order.issued', id: 'msg_baseline', timestamp: new Date().toISOString(), data: { paymentOrderNo: 'UNC-BENCH-0', amountVnd: 100_000_000 } });
    const allow = parseAllowList('127.0.0.1');
    let posted = 0;
    const baselineStarted = Date.now();
    // As many posts at a time as the delivery worker runs jobs.
    await Promise.all(
      Array.from({ length: WEBHOOK_DELIVERY_CONCURRENCY }, async () => {
        while (posted < deliveries) {
          posted += 1;
          const id = `msg_baseline_${posted}`;
          const headers = buildWebhookHeaders({ secret, id, timestamp: Math.floor(Date.now() / 1000), body });
          const result = await sendWebhook(`http://127.0.0.1:${receiver.port}/baseline`, headers, body, { allow, timeoutMs: 15_000 });
          if (result.statusCode !== 204) throw new Error(`webhooks benchmark: baseline post answered ${result.statusCode ?? result.error}`);
        }
      }),
    );
    const baselinePostsPerSec = Math.round(deliveries / ((Date.now() - baselineStarted) / 1000));
    const ratio = round2(deliveriesPerSec / baselinePostsPerSec);
    log(`webhooks: baseline, the same signed posts without log, rows or queue: ${baselinePostsPerSec} posts/s; ratio ${ratio}`);
    return { endpoints: endpointCount, lagP50Ms: Math.round(lagP50Ms), lagP99Ms: Math.round(lagP99Ms), lagDeliveries: lags.length, deliveriesPerSec, baselinePostsPerSec, ratio };
  } finally {
    await webhooks?.dispatcher.stop().catch(() => undefined);
    await queues?.close().catch(() => undefined);
    await receiver.stop().catch(() => undefined);
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await db.close().catch(() => undefined);
    await dropSchema(options.databaseUrl, schema).catch((error: unknown) => log(`dropping schema ${schema} failed (drop it by hand): ${String(error)}`));
  }
}
