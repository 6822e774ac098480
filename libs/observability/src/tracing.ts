import { Attributes, Context, context as contextApi, isSpanContextValid, Link, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Sampler, SamplingResult, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonLogger } from './logger';
import { countDroppedSpans, setTracingStarted, tracingStarted } from './trace-context';

/**
 * Starts OpenTelemetry tracing in this process, before the modules it instruments are loaded
 * (the first import of an entry point). Off, and free, unless the standard variables ask for it:
 * with neither `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) nor
 * `OTEL_TRACES_EXPORTER` set, nothing is loaded at all. See docs/operations.md#tracing.
 */

/** Spans kept for export at most; past it new spans are dropped (and counted), never waited for. */
export const TRACE_EXPORT_QUEUE_SIZE = 2048;

/** The OTLP encodings this engine sends (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
export const TRACE_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** A tracing variable with a value the engine cannot use (the start is refused, exit 78). */
export class TracingConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'TracingConfigError';
  }
}

export interface TracingOptions {
  /** The environment to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** `service.name` when `OTEL_SERVICE_NAME` does not give one. */
  readonly serviceName?: string;
  /** Exports to this exporter instead of OTLP, whatever the variables say (tests). */
  readonly exporter?: SpanExporter;
  /** Spans kept for export at most (default {@link TRACE_EXPORT_QUEUE_SIZE}). */
  readonly maxQueueSize?: number;
  /** Wait before a batch is sent, in ms (default 1000). */
  readonly scheduledDelayMillis?: number;
}

/** Tracing as started: flush and stop it at shutdown. */
export interface Tracing {
  /** Exports the spans waiting now. */
  flush(): Promise<void>;
  /** Exports what waits, stops exporting and removes the instrumentation. */
  shutdown(): Promise<void>;
  /** The instrumentations in use (http, express, Nest, pg, ioredis). */
  readonly instrumentations: readonly object[];
}

/** Whether the variables ask for traces (an OTLP endpoint, or an exporter other than `none`). */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (exporters.includes('none')) return false;
  const unknown = exporters.find((e) => e !== 'otlp');
  if (unknown) throw new TracingConfigError('OTEL_TRACES_EXPORTER', `"${unknown}" is not supported; use otlp or none`);
  return exporters.length > 0 || nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) || nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/** The OTLP encoding the variables choose (`http/protobuf` by default, as the specification says). */
export function traceProtocol(env: NodeJS.ProcessEnv = process.env): (typeof TRACE_PROTOCOLS)[number] {
  const variable = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = (env[variable] ?? '').trim() || 'http/protobuf';
  const known = TRACE_PROTOCOLS.find((p) => p === value);
  if (!known) throw new TracingConfigError(variable, `"${value}" is not supported; use ${TRACE_PROTOCOLS.join(' or ')}`);
  return known;
}

/**
 * Starts the SDK when the variables ask for it (or an exporter is given) and returns its
 * handle; returns undefined, having loaded nothing, otherwise. Spans leave through a batch
 * processor with a bounded queue, so an unreachable collector never slows or fails the work
 * that makes them: spans that find the queue full, and batches whose export fails, are
 * dropped and counted (`grants_trace_spans_dropped_total`).
 *
 * @example
 * const tracing = startTracing({ serviceName: 'grant-lifecycle-engine' });
 * // … at shutdown
 * await tracing?.shutdown();
 */
export function startTracing(options: TracingOptions = {}): Tracing | undefined {
  const env = options.env ?? process.env;
  if (!options.exporter && !tracingRequested(env)) return undefined;
  if (tracingStarted()) throw new Error('Tracing is started already in this process');
  // Bad variables refuse the start before anything is loaded.
  const envSampler = samplerFromEnv(env);
  const exporter = options.exporter ?? otlpExporter(env);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { envDetector } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const sampler = new WithoutQueueUpkeepSampler(envSampler, (context) => {
    const parent = trace.getSpanContext(context);
    return parent !== undefined && isSpanContextValid(parent);
  });
  const maxQueueSize = options.maxQueueSize ?? TRACE_EXPORT_QUEUE_SIZE;
  const counting = new DropCountingExporter(exporter);
  const batches = new BatchSpanProcessor(counting, {
    maxQueueSize,
    maxExportBatchSize: Math.min(512, maxQueueSize),
    scheduledDelayMillis: options.scheduledDelayMillis ?? 1000,
    exportTimeoutMillis: 10_000,
  });
  const processor = new BoundedQueueProcessor(batches, counting, maxQueueSize);
  const instrumentations = [
    new HttpInstrumentation({
      // Probes and scrapes are not requests worth a trace.
      ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|\?|$)/.test(request.url ?? ''),
    }),
    // Route handlers only: a span per middleware says little and costs much.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new NestInstrumentation(),
    // Only statements inside a trace (polling alone makes none); no parameter values.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    // The command name alone: arguments carry keys and job data.
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
  ];
  const serviceName = nonEmpty(env.OTEL_SERVICE_NAME) ? undefined : (options.serviceName ?? 'grant-lifecycle-engine');
  const sdk = new NodeSDK({
    ...(serviceName ? { serviceName } : {}),
    spanProcessors: [processor],
    sampler,
    // Attributes known at once (a detector that answers later would hold every export back).
    resourceDetectors: [envDetector],
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations,
    // Traces only: metrics are Prometheus's (`/metrics`), logs are JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  setTracingStarted(true);
  let stopping: Promise<void> | undefined;
  return {
    flush: () => processor.forceFlush(),
    instrumentations,
    shutdown: () =>
      (stopping ??= (async () => {
        try {
          await sdk.shutdown();
        } finally {
          for (const instrumentation of instrumentations) instrumentation.disable();
          // The process may start tracing again (tests): the API forgets this SDK's providers.
          trace.disable();
          propagation.disable();
          contextApi.disable();
          setTracingStarted(false);
        }
      })()),
  };
}

/** The samplers `OTEL_TRACES_SAMPLER` may name (default `parentbased_always_on`). */
export const TRACE_SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

/** The sampler the variables choose (`OTEL_TRACES_SAMPLER`, with `OTEL_TRACES_SAMPLER_ARG` for a ratio). */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? '').trim() || 'parentbased_always_on';
  if (!TRACE_SAMPLERS.some((s) => s === name)) {
    throw new TracingConfigError('OTEL_TRACES_SAMPLER', `"${name}" is not a sampler; use one of ${TRACE_SAMPLERS.join(', ')}`);
  }
  const raw = (env.OTEL_TRACES_SAMPLER_ARG ?? '').trim();
  const ratio = raw === '' ? 1 : Number(raw);
  if (name.endsWith('traceidratio') && (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)) {
    throw new TracingConfigError('OTEL_TRACES_SAMPLER_ARG', `"${raw}" is not a ratio between 0 and 1`);
  }
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const base = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const root = name.endsWith('always_off') ? new base.AlwaysOffSampler() : name.endsWith('traceidratio') ? new base.TraceIdRatioBasedSampler(ratio) : new base.AlwaysOnSampler();
  return name.startsWith('parentbased_') ? new base.ParentBasedSampler({ root }) : root;
}

/**
 * BullMQ's own upkeep (a worker waiting for its next job, the stall check, pauses): spans of no
 * request or job, every few seconds per queue. Dropped when they would start a trace.
 */
const QUEUE_UPKEEP = /^(getNextJob|moveStalledJobsToWait|startStalledCheckTimer|rateLimit|pause|resume|close|trimEvents|promoteJobs|drain|clean|obliterate|removeDeduplicationKey|removeDebounceKey) /;

/** Samples as `inner` does, except the queue upkeep that would start a trace of its own. */
export class WithoutQueueUpkeepSampler implements Sampler {
  constructor(
    private readonly inner: Sampler,
    private readonly hasParent: (context: Context) => boolean,
  ) {}

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    // SamplingDecision.NOT_RECORD is 0.
    if (!this.hasParent(context) && QUEUE_UPKEEP.test(spanName)) return { decision: 0 };
    return this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `WithoutQueueUpkeep{${this.inner.toString()}}`;
  }
}

/** The OTLP exporter the variables choose; it reads its endpoint, headers and timeout from them too. */
function otlpExporter(env: NodeJS.ProcessEnv): SpanExporter {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  if (traceProtocol(env) === 'http/json') {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Query strings of URLs may quote what a person typed: spans keep the path only. */
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'url.query'];

function withoutQuery(value: string): string {
  const at = value.indexOf('?');
  return at < 0 ? value : `${value.slice(0, at)}?[redacted]`;
}

/**
 * Hands spans to a batch processor and counts those its full queue will drop: the spans handed
 * over and not yet passed to the exporter are its queue.
 */
export class BoundedQueueProcessor implements SpanProcessor {
  private queued = 0;

  constructor(
    private readonly inner: SpanProcessor,
    exporter: DropCountingExporter,
    private readonly maxQueueSize: number,
  ) {
    exporter.onExport = (count) => {
      this.queued = Math.max(0, this.queued - count);
    };
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The batch processor skips spans that are not sampled; so does its queue.
    if ((span.spanContext().traceFlags & 1) === 0) return;
    const attributes = span.attributes as Record<string, unknown>;
    for (const key of URL_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value !== 'string' || value === '') continue;
      if (key === 'url.query') attributes[key] = '[redacted]';
      else if (value.includes('?')) attributes[key] = withoutQuery(value);
    }
    // Recorded exceptions keep their type: messages and stacks may quote input.
    for (const event of span.events) {
      const eventAttributes = event.attributes as Record<string, unknown> | undefined;
      if (event.name !== 'exception' || !eventAttributes) continue;
      delete eventAttributes['exception.message'];
      delete eventAttributes['exception.stacktrace'];
    }
    if (span.status.message) (span.status as { message?: string }).message = undefined;
    if (this.queued >= this.maxQueueSize) countDroppedSpans(1);
    else this.queued += 1;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** Passes batches to the exporter, counting the spans of a batch whose export failed. */
export class DropCountingExporter implements SpanExporter {
  /** Told how many spans left the queue for an export. */
  onExport: ((count: number) => void) | undefined;

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.onExport?.(spans.length);
    this.inner.export(spans, (result) => {
      // ExportResultCode.SUCCESS is 0.
      if (result.code !== 0) countDroppedSpans(spans.length);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * `startTracing` for an engine process, from the first import of its entry point: a tracing
 * variable it cannot use refuses the start like any bad variable (one JSON line on stderr, exit 78).
 *
 * @example
 * export const tracing = startProcessTracing('grant-lifecycle-engine-worker');
 */
export function startProcessTracing(serviceName: string): Tracing | undefined {
  try {
    return startTracing({ serviceName });
  } catch (error) {
    if (!(error instanceof TracingConfigError)) throw error;
    new JsonLogger({ level: 'error', sink: (line) => process.stderr.write(`${line}\n`) }).child(serviceName).error(error.message, { exitCode: 78 });
    process.exit(78);
  }
}
