import { createServer, IncomingMessage, Server } from 'node:http';
import { connect, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { OutboundWebhooks, WEBHOOK_QUEUE } from '@app/webhooks';
import { testRedisUrl } from '@app/testing';
import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';
import { noJobsLeft, webhookDeliveriesSettled } from './support/settled';
import { until } from './support/until';

jest.setTimeout(90_000);

/**
 * Stands between the engine and Redis so the test can take Redis away from this engine alone
 * (other suites share the server): `cut()` drops every connection and refuses new ones.
 */
class RedisLink {
  private server: TcpServer | undefined;
  private readonly sockets = new Set<Socket>();
  private up = true;
  port = 0;

  async start(): Promise<void> {
    const target = new URL(testRedisUrl());
    this.server = createTcpServer((client) => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as { port: number }).port;
  }

  url(): string {
    const target = new URL(testRedisUrl());
    target.hostname = '127.0.0.1';
    target.port = String(this.port);
    return target.toString();
  }

  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('webhooks to finance while Redis is away', () => {
  let engine: TestEngine;
  let link: RedisLink;
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
    link = new RedisLink();
    await link.start();
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', REDIS_URL: link.url() } });
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
    await noJobsLeft(engine, WEBHOOK_QUEUE, (job) => String((job.data as { deliveryId?: string }).deliveryId).startsWith(`${endpointId}:`), 80_000);
    await webhookDeliveriesSettled(engine, endpointId);
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.id)).size).toBe(2);
  });
});
