import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from '@app/observability';

/** What a shutdown needs: the application, its HTTP server (none for the worker), a log and a time limit. */
export interface ShutdownOptions {
  readonly logger: Logger;
  /** Longest the whole shutdown may take (`SHUTDOWN_TIMEOUT_MS`); past it, connections are cut and the exit is forced. */
  readonly timeoutMs: number;
  /** The HTTP server to drain first; undefined for a process without HTTP (`start:worker`). */
  readonly server?: Server;
  /** Tracing, when on: the spans still queued are sent last (within the time limit), then it stops. */
  readonly tracing?: { shutdown(): Promise<void> };
}

/** How a shutdown went: `forced` when the time limit cut requests or background work short (or closing failed). */
export interface ShutdownResult {
  readonly forced: boolean;
  readonly ms: number;
}

/**
 * The engine's orderly stop, in this order: the HTTP server stops accepting connections (idle
 * kept-alive sockets are closed, answers still to be written say `Connection: close`), requests in
 * flight finish; then the application closes, which stops the subscription runners after their
 * current batch, closes the queues (running jobs finish) and last the database; with tracing on,
 * the spans still queued are sent at the very end. The whole stop is bounded by `timeoutMs`:
 * past it, open connections are cut and `forced` is reported. Each phase is one log line.
 * Create it right after the server exists (it tracks the requests in flight); `run` may be
 * called once.
 *
 * @example
 * const shutdown = new GracefulShutdown(app, { logger, timeoutMs: 10_000, server: app.getHttpServer() });
 * const { forced } = await shutdown.run('SIGTERM');
 */
export class GracefulShutdown {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private running?: Promise<ShutdownResult>;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly options: ShutdownOptions,
  ) {
    const server = options.server;
    if (!server) return;
    // First of the request listeners, so the flag is seen before the application answers.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.draining) res.setHeader('Connection', 'close');
      const done = () => {
        this.inFlight.delete(res);
        // A kept-alive socket that just went idle is closed at once, not after its keep-alive timeout.
        if (this.draining) setImmediate(() => server.closeIdleConnections());
      };
      res.once('finish', done);
      res.once('close', done);
    });
  }

  /** Requests being answered now. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Runs the shutdown once; later calls get the same result. */
  run(signal?: string): Promise<ShutdownResult> {
    this.running ??= this.stop(signal);
    return this.running;
  }

  private async stop(signal: string | undefined): Promise<ShutdownResult> {
    const started = Date.now();
    const deadline = started + this.options.timeoutMs;
    const log = this.options.logger;
    const elapsed = () => Date.now() - started;
    log.info('shutdown started', { phase: 'start', signal, timeoutMs: this.options.timeoutMs, requestsInFlight: this.inFlight.size });
    let forced = false;
    const server = this.options.server;
    if (server) {
      this.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.closeIdleConnections();
      log.info('shutdown: no new connections', { phase: 'http-closing', requestsInFlight: this.inFlight.size, ms: elapsed() });
      if (await beforeDeadline(closed, deadline)) {
        log.info('shutdown: requests in flight finished', { phase: 'http-drained', ms: elapsed() });
      } else {
        forced = true;
        log.warn('shutdown: requests still in flight at the time limit; cutting their connections', {
          phase: 'http-forced',
          requestsInFlight: this.inFlight.size,
          ms: elapsed(),
        });
        server.closeAllConnections();
      }
    }
    // Subscription runners, queues, then the database (RuntimeModule's shutdown hook logs each).
    const closing = this.app.close().catch((error: unknown) => {
      forced = true;
      log.error('shutdown: closing the application failed', { phase: 'background-failed', error: error instanceof Error ? error.message : String(error) });
    });
    if (!(await beforeDeadline(closing, deadline))) {
      forced = true;
      log.error('shutdown: background work still running at the time limit; exiting anyway', { phase: 'background-forced', ms: elapsed() });
    }
    const tracing = this.options.tracing;
    if (tracing) {
      // The spans of the stop itself are sent too; an unreachable collector costs at most what is left of the time limit.
      const flushed = await beforeDeadline(
        tracing.shutdown().catch(() => undefined),
        Math.max(deadline, Date.now() + TRACING_FLUSH_MIN_MS),
      );
      log.info(flushed ? 'shutdown: traces sent' : 'shutdown: traces not sent within the time limit; dropped', { phase: 'tracing', ms: elapsed() });
    }
    const ms = elapsed();
    log.info('shutdown finished', { phase: 'done', forced, ms });
    return { forced, ms };
  }
}

/** The least time the last traces get at shutdown, even when the stop used up its time limit. */
const TRACING_FLUSH_MIN_MS = 500;

/**
 * Stops the process in order on SIGTERM or SIGINT (see `GracefulShutdown`), then exits: 0 after a
 * complete stop, 1 when the time limit forced it. A second signal during the stop is ignored.
 *
 * @example
 * exitOnSignals(new GracefulShutdown(app, { logger, timeoutMs: config.shutdownTimeoutMs, server }));
 */
export function exitOnSignals(shutdown: GracefulShutdown, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown.run(signal).then(
      ({ forced }) => process.exit(forced ? 1 : 0),
      () => process.exit(1),
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
}

/** Whether `work` settled before `deadline`. */
async function beforeDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
