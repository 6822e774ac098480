import { Attributes, Context, context, isSpanContextValid, Link, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The engine's side of tracing, on the OpenTelemetry API alone: spans around the engine's own
 * steps (commands, appends, subscription work) and the W3C trace context events carry. Every
 * function does nothing at all until `startTracing` (./tracing.ts) has started the SDK, so an
 * engine without tracing pays one boolean test per call.
 *
 * Attributes name what the engine did (`grants.command`, `grants.project.id`, `grants.event.type`,
 * `grants.event.position`, `grants.subscription`), never personal data: no names, phone numbers,
 * amounts of persons or bodies.
 */

/** The name of the tracer of the engine's own spans. */
export const ENGINE_TRACER = 'grant-lifecycle-engine';

let started = false;
let droppedSpans = 0;

/** Marks the SDK as started or stopped (called by `startTracing` and its shutdown). */
export function setTracingStarted(on: boolean): void {
  started = on;
}

/** Whether spans are recorded in this process. */
export function tracingStarted(): boolean {
  return started;
}

/** Counts spans lost on the way out (export queue full, export failed); see `grants_trace_spans_dropped_total`. */
export function countDroppedSpans(count: number): void {
  droppedSpans += count;
}

/** Spans lost on the way out since the process started. */
export function droppedSpanCount(): number {
  return droppedSpans;
}

/** The W3C trace context an event's metadata carries. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The W3C trace context of the active span (`traceparent`, and `tracestate` when there is one),
 * to store with what the work produces; empty when tracing is off or no span is active.
 *
 * @example
 * const metadata = { correlationId, ...activeTraceContext() };
 */
export function activeTraceContext(): TraceCarrier {
  if (!started) return {};
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  if (typeof carrier.traceparent !== 'string') return {};
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** The trace id of the active span, for log lines; undefined when tracing is off or no span is active. */
export function activeTraceId(): string | undefined {
  if (!started) return undefined;
  const span = trace.getSpan(context.active());
  const spanContext = span?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * The context a stored trace context (an event's metadata) continues; undefined when tracing is
 * off or the metadata carries none.
 */
export function traceContextOf(metadata: unknown): Context | undefined {
  if (!started || metadata === null || typeof metadata !== 'object') return undefined;
  const { traceparent, tracestate } = metadata as { traceparent?: unknown; tracestate?: unknown };
  if (typeof traceparent !== 'string') return undefined;
  const carrier: TraceCarrier = typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
  const extracted = propagation.extract(ROOT_CONTEXT, carrier);
  return trace.getSpan(extracted) ? extracted : undefined;
}

export interface SpanOptions {
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
  /** The parent's context (default: the active one). */
  readonly parent?: Context;
  readonly links?: Link[];
}

/**
 * Runs `work` inside a new active span, ended when the work settles. A failure marks the span
 * with the error's name and code only: messages may quote input, so they stay out of traces.
 *
 * @example
 * return inSpan('command ApproveTranche', { attributes: { 'grants.command': 'ApproveTranche' } }, () => run());
 */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  if (!started) return work();
  const tracer = trace.getTracer(ENGINE_TRACER);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.links ? { links: options.links } : {}) },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Starts a span that the caller ends (work that does not fit one callback); undefined when
 * tracing is off.
 */
export function startSpan(name: string, options: SpanOptions): Span | undefined {
  if (!started) return undefined;
  return trace
    .getTracer(ENGINE_TRACER)
    .startSpan(
      name,
      { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.links ? { links: options.links } : {}) },
      options.parent ?? context.active(),
    );
}

/** Runs `work` with `span` active (as `inSpan` does for the spans it starts). */
export function withActiveSpan<T>(span: Span | undefined, work: () => T): T {
  if (!span) return work();
  return context.with(trace.setSpan(context.active(), span), work);
}

/** `work`, bound to the context active now: whenever it runs later, its spans continue this one. */
export function bindToActiveContext<A extends unknown[], R>(work: (...args: A) => R): (...args: A) => R {
  if (!started) return work;
  return context.bind(context.active(), work);
}

/** Records a failure on a span: the error's name and code, never its message. */
export function markFailed(span: Span, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: name });
  span.setAttribute('error.type', typeof code === 'string' ? code : name);
}

/** Adds attributes to the active span (known only once its work is done); nothing without one. */
export function setActiveSpanAttributes(attributes: Attributes): void {
  if (!started) return;
  trace.getSpan(context.active())?.setAttributes(attributes);
}
export { SpanKind } from '@opentelemetry/api';
