import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { withCorrelation } from './correlation';
import { JsonLogger } from './logger';
import { EngineMetrics } from './metrics';
import { activeTraceContext, activeTraceId, droppedSpanCount, inSpan, tracingStarted } from './trace-context';
import { startTracing, TracingConfigError, tracingRequested } from './tracing';

const mockSdkLoaded = jest.fn();
jest.mock('@opentelemetry/sdk-node', () => {
  mockSdkLoaded();
  return jest.requireActual('@opentelemetry/sdk-node');
});

// Loading the SDK and its instrumentations takes seconds on a busy machine.
jest.setTimeout(30_000);

/** Waits (at most 10 s) until `condition` holds, for work that finishes in the background. */
async function eventually(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
}

describe('tracing', () => {
  it('is off, with nothing loaded, when no variable asks for it', async () => {
    expect(startTracing({ env: {} })).toBeUndefined();
    expect(startTracing({ env: { OTEL_SERVICE_NAME: 'engine', OTEL_TRACES_SAMPLER: 'always_on' } })).toBeUndefined();
    expect(mockSdkLoaded).not.toHaveBeenCalled();
    expect(tracingStarted()).toBe(false);
    // The engine's own spans run their work and record nothing.
    expect(await inSpan('command X', {}, async () => activeTraceContext())).toEqual({});
    expect(activeTraceId()).toBeUndefined();
  });

  it('is asked for by an OTLP endpoint or an exporter, and refused by none or OTEL_SDK_DISABLED', () => {
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('refuses a protocol or a sampler it cannot use, naming the variable', () => {
    const grpc = () => startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } });
    expect(grpc).toThrow(TracingConfigError);
    expect(grpc).toThrow(/^OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported; use http\/protobuf or http\/json$/);
    expect(() => startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_SAMPLER: 'sometimes' } })).toThrow(/^OTEL_TRACES_SAMPLER: /);
    expect(() => startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' } })).toThrow(
      /^OTEL_TRACES_SAMPLER_ARG: /,
    );
    expect(() => startTracing({ env: { OTEL_TRACES_EXPORTER: 'console' } })).toThrow(/^OTEL_TRACES_EXPORTER: "console" is not supported; use otlp or none$/);
    expect(tracingStarted()).toBe(false);
  });

  it('writes the trace id on the log lines written inside a span', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ exporter });
    try {
      const lines: string[] = [];
      const log = new JsonLogger({ sink: (l) => lines.push(l) });
      const traceId = await inSpan('command X', {}, async () => {
        withCorrelation({ correlationId: 'c-1' }, () => log.info('inside a request'));
        log.info('inside a span');
        return activeTraceId();
      });
      log.info('outside');
      await tracing?.flush();
      const [request, span, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(traceId).toBe(exporter.getFinishedSpans()[0]?.spanContext().traceId);
      expect(request).toMatchObject({ correlationId: 'c-1', traceId });
      expect(span).toMatchObject({ traceId });
      expect(outside).not.toHaveProperty('traceId');
    } finally {
      await tracing?.shutdown();
    }
  });

  describe('with an unreachable collector', () => {
    const saved = { ...process.env };
    afterAll(() => {
      process.env = saved;
    });

    it('never holds up the work, and counts the spans it cannot send', async () => {
      // Port 9 (discard) refuses connections; the exporter reads its endpoint and timeout from the environment.
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9';
      process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
      process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '500';
      const metrics = new EngineMetrics({ defaultMetrics: false });
      // A queue of 4 spans, not sent before the test flushes it.
      const tracing = startTracing({ maxQueueSize: 4, scheduledDelayMillis: 600_000 });
      expect(tracing).toBeDefined();
      expect(mockSdkLoaded).toHaveBeenCalledTimes(1);
      try {
        const before = droppedSpanCount();
        const done: string[] = [];
        for (let i = 0; i < 10; i += 1) {
          done.push(await inSpan(`command C${i}`, { attributes: { 'grants.command': `C${i}` } }, async () => activeTraceContext().traceparent ?? ''));
        }
        // Every piece of work ran in its span, nothing waited for the collector: the first 4 spans
        // went to the exporter, the next 4 wait in the queue, the last 2 found it full.
        expect(done.every((t) => /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(t))).toBe(true);
        expect(droppedSpanCount() - before).toBeGreaterThanOrEqual(2);
        // The exports fail: those spans are counted too, every one of the 10 in the end.
        await tracing?.flush().catch(() => undefined);
        await eventually(() => droppedSpanCount() - before === 10);
        expect(droppedSpanCount() - before).toBe(10);
        expect(await metrics.registry.metrics()).toMatch(new RegExp(`^grants_trace_spans_dropped_total ${droppedSpanCount()}$`, 'm'));
      } finally {
        await tracing?.shutdown().catch(() => undefined);
      }
      expect(tracingStarted()).toBe(false);
    });
  });
});
