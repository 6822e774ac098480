import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'grants_' });
  }
}
