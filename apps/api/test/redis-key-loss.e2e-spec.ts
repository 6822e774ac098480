import { createServer, IncomingMessage, Server } from 'node:http';
import IORedis from 'ioredis';
import { QueueRuntime } from '@app/queue';
import { RECONCILE_REMINDERS_JOB, REMINDER_QUEUE } from '@app/reminders';
import { testRedisUrl } from '@app/testing';
import { OutboundWebhooks, RECONCILE_WEBHOOKS_JOB, WEBHOOK_QUEUE } from '@app/webhooks';
import { createProgramme, DRAFT, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { webhookDeliveriesSettled } from './support/settled';
import { startRedisRelay, TcpRelay } from './support/tcp-relay';
import { deleteKeys, startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

jest.setTimeout(90_000);

/**
 * Redis restarts without its data under a running engine: the relay between them drops every
 * connection and refuses new ones while every key of the engine's prefix is deleted, then lets
 * the engine reconnect.
 */
describe('Redis lost with every key while the engine runs', () => {
  let relay: TcpRelay;
  let engine: TestEngine;
  let hooks: Server;
  let endpointId: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    relay = await startRedisRelay();
    // The periodic check is slow here: the reconnection alone must notice the loss.
    engine = await startTestEngine({ env: { REDIS_URL: relay.url, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', QUEUE_KEY_CHECK_MS: '3600000' } });
    const endpoint = await engine.http
      .post('/api/v1/webhook-endpoints')
      .set(headers(engine, 'admin'))
      .send({ url: `http://127.0.0.1:${(hooks.address() as { port: number }).port}/hooks`, eventTypes: ['reminder.due'] })
      .expect(201);
    endpointId = endpoint.body.id;
  });
  afterAll(async () => {
    relay?.restore();
    await engine?.close();
    await relay?.stop();
    hooks?.close();
  });

  async function reminderOf(projectId: string) {
    const res = await engine.http.get(`/api/v1/reminders?projectId=${projectId}`).set(headers(engine, 'auditor')).expect(200);
    return res.body.items.find((r: { kind: string }) => r.kind === 'info_reply');
  }

  it('reconnects, puts back its schedulers and fires the reminder due across the gap, once', async () => {
    const programmeId = await createProgramme(engine);
    const projectId = await driveTo(engine, programmeId, MAIN_PATH.findIndex((s) => s.command === 'RequestInformation'));
    const dueInMs = 5000;
    const replyDueAt = new Date(engine.clock.now().getTime() + dueInMs).toISOString();
    await engine.http.post(`/api/v1/projects/${projectId}/info-requests`).set(headers(engine, 'officer')).send({ reason: 'Thiếu báo giá', replyDueAt }).expect(200);
    const dueBy = Date.now() + dueInMs;
    await until(() => reminderOf(projectId));
    const schedulers = engine.app.get(QueueRuntime);
    expect(await schedulers.queueFor(REMINDER_QUEUE).getJobScheduler(RECONCILE_REMINDERS_JOB.name)).toBeDefined();

    // Redis goes down and comes back empty, after the reminder fell due.
    relay.cut();
    await deleteKeys(testRedisUrl(), engine.prefix);
    const direct = new IORedis(testRedisUrl());
    expect(await direct.keys(`${engine.prefix}:*`)).toEqual([]);
    const ready = async () => (await engine.http.get('/health/ready').set(headers(engine, 'admin'))).status;
    expect(await ready()).toBe(503);
    // Commands do not need Redis: the log is the truth, the jobs follow from it.
    await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId }).expect(201);
    await until(async () => Date.now() > dueBy + 500 && true, 20_000);
    // The engine's clock (fixed in tests) moves on with the time that passed: the reminder is due.
    engine.clock.advance(dueInMs + 1000);
    expect((await reminderOf(projectId)).status).toBe('open');
    relay.restore();

    await until(async () => (await ready()) === 200, 20_000);
    // The reconnection noticed the loss: the marker and the schedulers are back.
    await until(async () => (await direct.exists(schedulers.markerKey)) === 1, 20_000);
    expect(await schedulers.queueFor(REMINDER_QUEUE).getJobScheduler(RECONCILE_REMINDERS_JOB.name)).toMatchObject({ every: 60_000 });
    expect(await schedulers.queueFor(WEBHOOK_QUEUE).getJobScheduler(RECONCILE_WEBHOOKS_JOB.name)).toBeDefined();
    direct.disconnect();

    // The reminder due during the outage fires, on every channel, and its webhook arrives once.
    const sent = await until(async () => {
      const r = await reminderOf(projectId);
      return r?.status === 'sent' && r.sentChannels.includes('webhook') && r;
    }, 45_000);
    expect(sent.sentChannels.sort()).toEqual(['inbox', 'webhook']);
    await engine.app.get(OutboundWebhooks).dispatcher.catchUp();
    await until(async () => received.some((r) => JSON.parse(r.body).data.reminderId === sent.id));
    await webhookDeliveriesSettled(engine);
    expect(received.filter((r) => JSON.parse(r.body).data.reminderId === sent.id)).toHaveLength(1);
  });

  it('accepts a replay while Redis is away, and sends it once Redis is back', async () => {
    expect(received).toHaveLength(1);
    relay.cut();
    // The deliveries are rows in PostgreSQL: the replay is accepted without its jobs.
    const replay = await engine.http.post(`/api/v1/webhook-endpoints/${endpointId}/replay`).set(headers(engine, 'admin')).send({ fromPosition: 1 });
    expect([replay.status, replay.body.deliveries]).toEqual([202, 1]);
    relay.restore();
    await until(async () => (await engine.http.get('/health/ready')).status === 200, 20_000);
    // The reconciler's pass (every 30 s) gives the overdue delivery its job: run it now.
    engine.clock.advance(31_000);
    expect(await engine.app.get(OutboundWebhooks).reconciler.reconcile()).toBe(1);
    await until(async () => received.length === 2 && true);
    expect(received[1]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
    await webhookDeliveriesSettled(engine);
    expect(received).toHaveLength(2);
  });
});
