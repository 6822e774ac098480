import { createServer, IncomingMessage, Server } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTestTracing } from './support/tracing';
import type * as Lifecycle from './support/lifecycle';
import type * as Engine from './support/test-engine';
import type * as Until from './support/until';

jest.setTimeout(90_000);

// Tracing starts before the engine's modules load, as the entry points do: the instrumentations
// patch modules as they are required. The engine is therefore required below, not imported.
const exporter = new InMemorySpanExporter();
const tracing = startTestTracing(exporter);
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after tracing started */
const { startTestEngine } = require('./support/test-engine') as typeof Engine;
const { createProgramme, driveTo, headers, MAIN_PATH, send } = require('./support/lifecycle') as typeof Lifecycle;
const { until } = require('./support/until') as typeof Until;
/* eslint-enable @typescript-eslint/no-require-imports */

/** A finance system on localhost that records what it is sent. */
class Receiver {
  readonly received: { headers: IncomingMessage['headers']; body: string }[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const attribute = (span: ReadableSpan, key: string) => span.attributes[key];

describe('tracing: one trace from the command to the webhook it causes', () => {
  let engine: Engine.TestEngine;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, webhookRetryScale: 0.00002 });
  });
  afterAll(async () => {
    await engine?.close();
    await receiver?.stop();
    await tracing.shutdown();
  });

  it('links the request, the append, the subscription, the job and the webhook POST of a tranche approval', async () => {
    expect(tracing).toBeDefined();
    const programmeId = await createProgramme(engine, 5_000_000_000);
    await engine.http
      .post('/api/v1/webhook-endpoints')
      .set(headers(engine, 'admin'))
      .send({ url: `http://127.0.0.1:${receiver.port}/finance`, eventTypes: ['payment_order.issued'] })
      .expect(201);
    const approval = MAIN_PATH.findIndex((s) => s.command === 'ApproveTranche');
    const projectId = await driveTo(engine, programmeId, approval);
    exporter.reset();
    const res = await send(engine, projectId, MAIN_PATH[approval] as Lifecycle.Step);
    expect(res.status).toBe(200);

    const delivered = await until(async () => receiver.received.find((r) => JSON.parse(r.body).type === 'payment_order.issued'));
    // Spans are exported once ended: the job's ends after the POST's answer is recorded.
    const spans = await until(async () => {
      await tracing.flush();
      const all = exporter.getFinishedSpans();
      const server = all.find((s) => s.kind === SpanKind.SERVER && String(attribute(s, 'http.target') ?? attribute(s, 'url.path')).endsWith('/tranches/1/approval'));
      const traced = all.filter((s) => s.spanContext().traceId === server?.spanContext().traceId);
      const post = traced.find((s) => s.kind === SpanKind.CLIENT && String(attribute(s, 'net.peer.port') ?? attribute(s, 'server.port')) === String(receiver.port));
      return post && traced.some((s) => s.name === 'process webhooks') && all;
    });

    const server = spans.find((s) => s.kind === SpanKind.SERVER && String(attribute(s, 'http.target') ?? attribute(s, 'url.path')).endsWith('/tranches/1/approval'));
    const traceId = server?.spanContext().traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const named = (pattern: RegExp) => inTrace.filter((s) => pattern.test(s.name));

    // The command and its append name what was done, and to which project.
    const [command] = named(/^command ApproveTranche$/);
    expect(command?.attributes).toMatchObject({ 'grants.command': 'ApproveTranche', 'grants.project.id': projectId });
    const [append] = named(/^append$/);
    expect(append?.attributes['grants.event.types']).toEqual(expect.arrayContaining(['TrancheApproved']));
    expect(append?.attributes['grants.event.position']).toEqual(expect.any(Number));
    expect(append?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    // The statement that wrote the events, with no parameter values.
    const insert = inTrace.find((s) => s.instrumentationScope.name.endsWith('instrumentation-pg') && /grants_append/.test(s.name));
    expect(insert?.parentSpanContext?.spanId).toBe(append?.spanContext().spanId);
    // The route's span is the request's: the command runs inside it.
    expect(server?.name).toBe('POST /api/v1/projects/:id/tranches/:no/approval');

    // The event carries the command's context, and the hash chain over it still verifies.
    const approved = (await engine.store.readStream(`project-${projectId}`)).find((e) => e.type === 'TrancheApproved');
    expect(approved?.metadata.traceparent).toBe(`00-${traceId}-${command?.spanContext().spanId}-01`);
    const verified = await engine.http.get('/api/v1/audit/verify').set(headers(engine, 'auditor')).expect(200);
    expect(verified.body).toMatchObject({ ok: true });

    // The webhook subscription handled the event in the trace its metadata carried.
    const handled = named(/ handle$/).filter((s) => String(attribute(s, 'grants.subscription')).startsWith('webhook:'));
    expect(handled.length).toBeGreaterThan(0);
    expect(handled.map((s) => s.attributes['grants.event.type'])).toContain('TrancheApproved');
    for (const span of handled) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.attributes['grants.event.position']).toEqual(expect.any(Number));
      expect(span.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    }

    // The delivery job was added and processed in the same trace.
    expect(named(/^addBulk webhooks$|^add webhooks/).length).toBeGreaterThan(0);
    const [job] = named(/^process webhooks$/);
    expect(job?.kind).toBe(SpanKind.CONSUMER);

    // The POST is a span of the job, and its request carried the trace to the receiver.
    const post = inTrace.find((s) => s.kind === SpanKind.CLIENT && String(attribute(s, 'net.peer.port') ?? attribute(s, 'server.port')) === String(receiver.port));
    expect(post).toBeDefined();
    const traceparent = String(delivered.headers.traceparent);
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent.split('-')[2]).toBe(post?.spanContext().spanId);

    // No personal data, nor the request's body: no attribute holds a value the commands were sent.
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    for (const sent of ['UNC-2026-0001', 'Nguyễn Thị Hoa', '0912345678', 'Cơ sở sản xuất']) expect(everything).not.toContain(sent);
  });
});
