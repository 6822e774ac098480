import { createServer, IncomingMessage, Server } from 'node:http';
import { deliveryIdsOf, OutboundWebhooks, verifyWebhook, WEBHOOK_QUEUE } from '@app/webhooks';
import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { deleteKeys, startTestEngine, TestEngine } from './support/test-engine';
import { testRedisUrl } from '@app/testing';
import { noJobsLeft, workerPassed } from './support/settled';
import { until } from './support/until';

jest.setTimeout(90_000);

interface Received {
  readonly url: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A finance system on localhost whose answers the test decides. */
class Receiver {
  readonly received: Received[] = [];
  /** Answers by message type, used up in order; then `fallback`. */
  answers: Record<string, number[]> = {};
  fallback = 200;
  /** How long each answer takes. */
  delayMs = 0;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ url: req.url, headers: req.headers, body });
        const type = (JSON.parse(body || '{}') as { type?: string }).type ?? '';
        res.statusCode = this.answers[type]?.shift() ?? this.fallback;
        setTimeout(() => res.end(), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as { port: number }).port;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const stepOf = (command: string) => MAIN_PATH.findIndex((s) => s.command === command);

describe('webhooks to finance (Standard Webhooks out, durable and retried)', () => {
  let engine: TestEngine;
  let receiver: Receiver;
  let programmeId: string;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    // Retries shrink from days to milliseconds; the schedule's shape is unit-tested.
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, webhookRetryScale: 0.00002 });
    programmeId = await createProgramme(engine, 5_000_000_000);
  });
  afterAll(async () => {
    await engine?.close();
    await receiver?.stop();
  });

  const admin = () => headers(engine, 'admin');

  async function register(eventTypes: string[], path = '/hooks') {
    const res = await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: receiver.url(path), eventTypes, description: 'Kho bạc' }).expect(201);
    return res.body as { id: string; secret: string };
  }

  it('registers endpoints, shows the secret once, and refuses private or unknown targets', async () => {
    const endpoint = await register(['payment_order.issued']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await engine.http.get('/api/v1/webhook-endpoints').set(admin()).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    expect(listed.body.items[0]).toMatchObject({ id: endpoint.id, status: 'active', eventTypes: ['payment_order.issued'] });
    const metadata = await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: 'http://169.254.169.254/latest', eventTypes: ['payment_order.issued'] }).expect(422);
    expect(metadata.body).toMatchObject({ code: 'WEBHOOK.TARGET_NOT_ALLOWED', errors: [{ field: 'url' }] });
    await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: 'http://10.0.0.8/hooks', eventTypes: ['payment_order.issued'] }).expect(422);
    const unknownType = await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: receiver.url(), eventTypes: ['payment.sent'] }).expect(400);
    expect(unknownType.body.errors[0].field).toBe('eventTypes');
    await engine.http.post('/api/v1/webhook-endpoints').set(headers(engine, 'accountant')).send({ url: receiver.url(), eventTypes: ['payment_order.issued'] }).expect(403);
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(204);
    await engine.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(404);
  });

  it('delivers signed commitments and payment orders, retrying with the same webhook-id', async () => {
    const endpoint = await register(['commitment.recorded', 'payment_order.issued'], '/finance');
    receiver.answers = { 'payment_order.issued': [500, 503] };
    const before = receiver.received.length;
    const projectId = await driveTo(engine, programmeId, stepOf('ApproveTranche') + 1);
    const webhooks = engine.app.get(OutboundWebhooks);
    await webhooks.dispatcher.catchUp();
    const deliveries = await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`).set(admin()).expect(200);
      return res.body.items.length === 2 && res.body.items.every((d: { status: string }) => d.status === 'succeeded') && res.body.items;
    });
    const got = receiver.received.slice(before).filter((r) => r.headers['webhook-id']);
    const bodies = got.map((r) => JSON.parse(r.body));
    expect(new Set(bodies.map((b) => b.type))).toEqual(new Set(['commitment.recorded', 'payment_order.issued']));
    for (const r of got) {
      expect(() => verifyWebhook({ secrets: [endpoint.secret], headers: r.headers, rawBody: r.body, now: Number(r.headers['webhook-timestamp']) })).not.toThrow();
    }
    // The payment order failed twice (500, 503) and succeeded on its third attempt, same id and body.
    const first = got.find((r) => JSON.parse(r.body).type === 'payment_order.issued');
    const sameMessage = got.filter((r) => r.headers['webhook-id'] === first?.headers['webhook-id']);
    expect(sameMessage).toHaveLength(3);
    expect(new Set(sameMessage.map((r) => r.body)).size).toBe(1);
    const order = bodies.find((b) => b.type === 'payment_order.issued');
    expect(order.data).toMatchObject({ projectId, programmeId, paymentOrderNo: 'UNC-2026-0001', amountVnd: 100_000_000, trancheNo: 1 });
    expect(order.data.streamVersion).toBeGreaterThan(0);
    const retried = deliveries.find((d: { attempts: number }) => d.attempts === 3);
    expect(retried.attemptsLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 200]);
    expect(retried.attemptsLog[0].latencyMs).toBeGreaterThanOrEqual(0);
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(204);
  });

  it('exhausts a delivery after the last attempt and records it in the log; 410 disables the endpoint', async () => {
    const failing = await register(['commitment.recorded'], '/always-failing');
    receiver.fallback = 500;
    await driveTo(engine, programmeId, stepOf('SignContract') + 1);
    const webhooks = engine.app.get(OutboundWebhooks);
    await webhooks.dispatcher.catchUp();
    const exhausted = await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}/deliveries?status=exhausted`).set(admin());
      return res.body.items[0];
    }, 40_000);
    expect(exhausted.attempts).toBe(10);
    const log = await engine.store.readStream(`webhook-endpoint-${failing.id}`);
    expect(log.map((e) => e.type)).toEqual(['WebhookEndpointRegistered', 'WebhookDeliveryExhausted']);
    expect(JSON.stringify(log)).not.toContain(failing.secret);
    await engine.http.delete(`/api/v1/webhook-endpoints/${failing.id}`).set(admin()).expect(204);

    const gone = await register(['commitment.recorded'], '/gone');
    receiver.fallback = 410;
    await driveTo(engine, programmeId, stepOf('SignContract') + 1);
    await webhooks.dispatcher.catchUp();
    await until(async () => (await engine.http.get(`/api/v1/webhook-endpoints/${gone.id}`).set(admin())).body.status === 'disabled');
    const endpoint = await engine.http.get(`/api/v1/webhook-endpoints/${gone.id}`).set(admin()).expect(200);
    expect(endpoint.body.disabledReason).toContain('410');
    expect((await engine.store.readStream(`webhook-endpoint-${gone.id}`)).map((e) => e.type)).toContain('WebhookEndpointDisabled');
    receiver.fallback = 200;
    await engine.http.post(`/api/v1/webhook-endpoints/${gone.id}/enable`).set(admin()).expect(200);
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${gone.id}/deliveries?status=succeeded`).set(admin());
      return res.body.items.length === 1;
    });
    await engine.http.delete(`/api/v1/webhook-endpoints/${gone.id}`).set(admin()).expect(204);

    // Every outcome is counted: 9 retried failures and an exhaustion, a 410, then the delivery after re-enabling.
    const scrape = (await engine.http.get('/metrics').expect(200)).text;
    const count = (outcome: string) => Number(new RegExp(`^grants_webhook_deliveries_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(scrape)?.[1] ?? 0);
    expect(count('failed')).toBeGreaterThanOrEqual(9);
    expect(count('exhausted')).toBeGreaterThanOrEqual(1);
    expect(count('disabled')).toBeGreaterThanOrEqual(1);
    expect(count('delivered')).toBeGreaterThanOrEqual(1);
  });

  it('signs with both secrets during a rotation, replays from a position, and survives a flushed Redis', async () => {
    const endpoint = await register(['commitment.recorded'], '/rotating');
    const rotation = await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/secret-rotation`).set(admin()).expect(200);
    expect(rotation.body.secret).not.toBe(endpoint.secret);
    const before = receiver.received.length;
    await driveTo(engine, programmeId, stepOf('SignContract') + 1);
    const webhooks = engine.app.get(OutboundWebhooks);
    await webhooks.dispatcher.catchUp();
    const first = await until(async () => receiver.received.slice(before).find((r) => r.headers['webhook-id']));
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, rotation.body.secret]) {
      expect(() => verifyWebhook({ secrets: [secret], headers: first.headers, rawBody: first.body, now: Number(first.headers['webhook-timestamp']) })).not.toThrow();
    }

    // Replay everything: the messages come again with the ids they had.
    const replay = await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/replay`).set(admin()).send({ fromPosition: 1 }).expect(202);
    expect(replay.body.deliveries).toBeGreaterThanOrEqual(1);
    await until(async () => receiver.received.filter((r) => r.headers['webhook-id'] === first.headers['webhook-id']).length >= 2);

    // Redis loses every queued job while the receiver is down; the deliveries stay in PostgreSQL.
    receiver.fallback = 503;
    const mark = receiver.received.length;
    await driveTo(engine, programmeId, stepOf('SignContract') + 1);
    await webhooks.dispatcher.catchUp();
    await until(async () => receiver.received.length >= mark + 2);
    await deleteKeys(testRedisUrl(), engine.config.queuePrefix);
    const stalled = receiver.received.length;
    // No attempt under way (one holds its delivery for 60 s) before and after the worker ran what it took before the flush, and no job left: a surviving retry would be a job here or a request below.
    const noAttemptUnderWay = async () => {
      const res = await engine.db.query<{ attempts: string; held: string }>(
        "SELECT coalesce(sum(attempts), 0) AS attempts, count(*) FILTER (WHERE status = 'pending' AND next_attempt_at > $2) AS held FROM webhook_deliveries WHERE endpoint_id = $1",
        [endpoint.id, new Date(engine.clock.now().getTime() + 30_000).toISOString()],
      );
      const row = res.rows[0];
      return Number(row?.held) === 0 && Number(row?.attempts) === receiver.received.filter((r) => r.url === '/rotating').length;
    };
    await until(noAttemptUnderWay);
    await workerPassed(engine, WEBHOOK_QUEUE);
    await until(noAttemptUnderWay);
    await noJobsLeft(engine, WEBHOOK_QUEUE, (job) => deliveryIdsOf(job.data).some((id) => id.startsWith(`${endpoint.id}:`)));
    // Nothing triggers the pending delivery any more…
    expect(receiver.received.length).toBeLessThanOrEqual(stalled + 1);
    receiver.fallback = 200;
    engine.clock.advance(60_000);
    // …until the reconciler re-creates its job from the delivery row.
    expect(await webhooks.reconciler.reconcile()).toBeGreaterThanOrEqual(1);
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?status=pending`).set(admin());
      return res.body.items.length === 0;
    });
  });

  it('sends a message again with the same webhook-id when the process died after the receiver got it', async () => {
    const endpoint = await register(['commitment.recorded'], '/crash');
    receiver.fallback = 200;
    const webhooks = engine.app.get(OutboundWebhooks);
    const query = engine.db.query.bind(engine.db);
    let crashed = false;
    // The attempt's record is the statement after the post; it never runs, as if the process died.
    const spy = jest.spyOn(engine.db, 'query').mockImplementation(async (text: string, params?: readonly unknown[], name?: string) => {
      if (!crashed && text.includes("SET status = 'succeeded'") && String(params?.[0]).startsWith(`${endpoint.id}:`)) {
        crashed = true;
        throw new Error('the process died after the receiver answered');
      }
      return query(text, params, name) as never;
    });
    try {
      const mark = receiver.received.length;
      await driveTo(engine, programmeId, stepOf('SignContract') + 1);
      await webhooks.dispatcher.catchUp();
      const first = await until(async () => receiver.received.slice(mark).find((r) => r.url === '/crash'));
      await until(async () => crashed);
      const pending = await engine.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`).set(admin()).expect(200);
      expect(pending.body.items[0]).toMatchObject({ status: 'pending', attempts: 0 });

      // The attempt's lease (60 s) runs out and the reconciler finds the delivery overdue.
      engine.clock.advance(91_000);
      expect(await webhooks.reconciler.reconcile()).toBeGreaterThanOrEqual(1);
      await until(async () => {
        const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?status=succeeded`).set(admin());
        return res.body.items.length === 1;
      });
      const copies = receiver.received.slice(mark).filter((r) => r.url === '/crash');
      expect(copies).toHaveLength(2);
      expect(copies[1]?.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(copies[1]?.body).toBe(first.body);
    } finally {
      spy.mockRestore();
    }
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(204);
  });

  // Last: it moves the engine's clock by days.
  it('disables an endpoint whose every delivery failed for five days, and says why', async () => {
    const failing = await register(['commitment.recorded'], '/down-for-a-week');
    receiver.fallback = 500;
    // Slow failures leave the test time to move the clock between attempts.
    receiver.delayMs = 300;
    await driveTo(engine, programmeId, stepOf('SignContract') + 1);
    const webhooks = engine.app.get(OutboundWebhooks);
    await webhooks.dispatcher.catchUp();
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}/deliveries`).set(admin());
      return res.body.items[0]?.attempts >= 1;
    });
    // Four days of failures keep it on; the first failure after five days turns it off.
    const attempts = async (): Promise<number> => (await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}/deliveries`).set(admin())).body.items[0]?.attempts ?? 0;
    engine.clock.advance(4 * 86_400_000);
    const before = await attempts();
    await until(async () => (await attempts()) > before, 40_000);
    expect((await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}`).set(admin())).body.status).toBe('active');
    engine.clock.advance(86_400_000 + 60_000);
    await until(async () => (await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}`).set(admin())).body.status === 'disabled', 40_000);
    const endpoint = await engine.http.get(`/api/v1/webhook-endpoints/${failing.id}`).set(admin()).expect(200);
    expect(endpoint.body.disabledReason).toMatch(/every delivery failed since/);
    const log = await engine.store.readStream(`webhook-endpoint-${failing.id}`);
    expect(log.map((e) => e.type)).toContain('WebhookEndpointDisabled');
    receiver.fallback = 200;
    receiver.delayMs = 0;
  });
});
