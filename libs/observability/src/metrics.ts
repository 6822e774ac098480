import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { droppedSpanCount } from './trace-context';

/** The queue job states `grants_queue_jobs` reports. */
export const QUEUE_JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number];

/** How long a scrape waits for a source read at scrape time. */
const SCRAPE_SOURCE_TIMEOUT_MS = 1000;

/** The promise's value, or `undefined` when it fails or is not settled within `ms`. */
async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The engine's Prometheus metrics, in one registry served at `/metrics`. Created once per
 * process; components receive the instance they need.
 */
export class EngineMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'grants_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'grants_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly appendConflicts = new Counter({
    name: 'grants_append_conflicts_total',
    help: 'Appends refused because a stream moved on (each is retried or answered 409/412)',
    registers: [this.registry],
  });

  readonly subscriptionLag = new Gauge({
    name: 'grants_subscription_lag_events',
    help: 'Global log positions between the head and a subscription checkpoint',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly subscriptionLagSeconds = new Gauge({
    name: 'grants_subscription_lag_seconds',
    help: 'Age of the oldest event a subscription has not processed yet (0 when caught up)',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'grants_command_duration_seconds',
    help: 'Command execution time by command type and outcome (ok, refused, conflict, error)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'grants_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, failed and retried, exhausted, endpoint disabled)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly subscriptionEvents = new Counter({
    name: 'grants_subscription_events_total',
    help: 'Events processed by a subscription',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly subscriptionFailures = new Counter({
    name: 'grants_subscription_failures_total',
    help: 'Batches a subscription failed to process (retried with backoff)',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'grants_jobs_total',
    help: 'Queue jobs by name and outcome',
    labelNames: ['queue', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  /** The dropped spans already added to `traceSpansDropped` (the count itself lives with tracing). */
  private traceSpansDroppedSeen = 0;

  readonly traceSpansDropped = new Counter({
    name: 'grants_trace_spans_dropped_total',
    help: 'Trace spans lost on the way to the collector (export queue full, or the export failed); 0 with tracing off',
    registers: [this.registry],
    collect: () => {
      const now = droppedSpanCount();
      if (now > this.traceSpansDroppedSeen) this.traceSpansDropped.inc(now - this.traceSpansDroppedSeen);
      this.traceSpansDroppedSeen = now;
    },
  });

  /** Where the finance inbox's counts come from, read at each scrape (see `countFinanceEventsWith`). */
  private financeEventsSource: (() => Promise<readonly { status: string; reason: string; count: number }[]>) | undefined;

  readonly financeEventsHeld = new Gauge({
    name: 'grants_finance_events_held',
    help: 'Inbound finance events parked, rejected or expired, by status and reason code',
    labelNames: ['status', 'reason'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.financeEventsSource) return;
      const counts = await this.financeEventsSource().catch(() => undefined);
      if (!counts) return;
      this.financeEventsHeld.reset();
      for (const c of counts) this.financeEventsHeld.set({ status: c.status, reason: c.reason }, c.count);
    },
  });

  /** Publishes the finance inbox's counts: the source is read each time the metrics are scraped. */
  countFinanceEventsWith(source: () => Promise<readonly { status: string; reason: string; count: number }[]>): void {
    this.financeEventsSource = source;
  }

  /** Where the queues' job counts come from, read at each scrape (see `countQueueJobsWith`). */
  private queueJobsSource: (() => Promise<readonly { queue: string; state: QueueJobState; count: number }[]>) | undefined;

  readonly queueJobs = new Gauge({
    name: 'grants_queue_jobs',
    help: 'Jobs in each queue by state (waiting, delayed, active, failed), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.queueJobsSource) return;
      const counts = await withinTime(this.queueJobsSource(), SCRAPE_SOURCE_TIMEOUT_MS);
      // Unknown counts are left out rather than reported stale.
      this.queueJobs.reset();
      if (!counts) return;
      for (const c of counts) this.queueJobs.set({ queue: c.queue, state: c.state }, c.count);
    },
  });

  /**
   * Publishes the queues' job counts: the source is read each time the metrics are scraped, for
   * at most a second; a source that fails or takes longer leaves the gauge empty for that scrape.
   */
  countQueueJobsWith(source: () => Promise<readonly { queue: string; state: QueueJobState; count: number }[]>): void {
    this.queueJobsSource = source;
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'grants_' });
  }
}
