import { createServer, IncomingMessage, Server } from 'node:http';
import { deliveryIdsOf, OutboundWebhooks, WEBHOOK_QUEUE } from '@app/webhooks';
import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';
import { noJobsLeft, webhookDeliveriesSettled } from './support/settled';
import { RedisRelay } from './support/redis-relay';
import { until } from './support/until';

jest.setTimeout(90_000);

describe('webhooks to finance while Redis is away', () => {
  let engine: TestEngine;
  let link: RedisRelay;
  let receiverServer: Server;
  let port = 0;
  const received: { id: string; at: number }[] = [];
  let answerAfterMs = 0;
  let answering: (() => void) | undefined;

  beforeAll(async () => {
    receiverServer = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), at: Date.now() });
        answering?.();
        setTimeout(() => {
          res.statusCode = 200;
          res.end();
        }, answerAfterMs);
      });
    });
    await new Promise<void>((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
    port = (receiverServer.address() as { port: number }).port;
    link = new RedisRelay();
    await link.start();
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', REDIS_URL: link.url } });
  });
  afterAll(async () => {
    link?.restore();
    await engine?.close();
    await link?.stop();
    await new Promise<void>((resolve) => receiverServer?.close(() => resolve()));
  });

  it('loses and doubles nothing when Redis goes away during a delivery and while messages are due', async () => {
    const admin = headers(engine, 'admin');
    const registered = await engine.http.post('/api/v1/webhook-endpoints').set(admin).send({ url: `http://127.0.0.1:${port}/kho-bac`, eventTypes: ['commitment.recorded'] }).expect(201);
    const endpointId = registered.body.id as string;
    const webhooks = engine.app.get(OutboundWebhooks);
    const programmeId = await createProgramme(engine, 5_000_000_000);
    const signContract = MAIN_PATH.findIndex((s) => s.command === 'SignContract') + 1;

    // 1. Redis goes away while the receiver is answering the first message.
    answerAfterMs = 400;
    const inFlight = new Promise<void>((resolve) => (answering = resolve));
    await driveTo(engine, programmeId, signContract);
    await webhooks.dispatcher.catchUp();
    await inFlight;
    answering = undefined;
    link.cut();
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).set(admin);
      return res.body.items.length === 1;
    });

    // 2. A second message becomes due while Redis is still away: its row is written, its job cannot be.
    answerAfterMs = 0;
    await driveTo(engine, programmeId, signContract);
    await webhooks.dispatcher.catchUp().catch(() => undefined);
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?status=pending`).set(admin);
      return res.body.items.length === 1;
    });
    expect(received).toHaveLength(1);

    // 3. Redis is back: the reconciler re-creates the missing job from the row.
    link.restore();
    engine.clock.advance(31_000);
    await until(async () => (await webhooks.reconciler.reconcile().catch(() => 0)) >= 1);
    await until(async () => {
      const res = await engine.http.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).set(admin);
      return res.body.items.length === 2;
    });
    // Every job of the endpoint has finished, the first one's re-run included (its completion never reached Redis): a second send would be counted below.
    await noJobsLeft(engine, WEBHOOK_QUEUE, (job) => deliveryIdsOf(job.data).some((id) => id.startsWith(`${endpointId}:`)), 80_000);
    await webhookDeliveriesSettled(engine, endpointId);
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.id)).size).toBe(2);
  });
});
