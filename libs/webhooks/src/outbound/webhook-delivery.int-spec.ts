import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EVENT_STORE_MIGRATIONS, migrate, SqlDatabase } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { UuidV7Generator } from '@app/application';
import { SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import type { JobQueue, JobToAdd } from '@app/queue';
import { testSqlDatabases } from '@app/testing';
import { parseAllowList } from '../ssrf/allow-list';
import { WEBHOOK_MIGRATIONS } from '../webhooks.migrations';
import { WebhookDelivery } from './webhook-delivery';
import { deliveryIdsOf } from './webhook-jobs';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookStore } from './webhook-store';

jest.setTimeout(60_000);

describe.each(testSqlDatabases('wh_batch'))('a batch of first attempts on $name', (adapter) => {
  let db: SqlDatabase;
  let close: () => Promise<void>;
  let server: Server;
  let port = 0;
  /** Path → status the receiver answers; every request is noted. */
  const answers = new Map<string, number>();
  const received: { path: string; id: string }[] = [];
  const added: JobToAdd[] = [];
  const queue: JobQueue = { add: async () => undefined, addBulk: async (_q, jobs) => void added.push(...jobs) };
  const store = new WebhookStore();
  const secrets = new WebhookSecrets();
  let delivery: WebhookDelivery;

  beforeAll(async () => {
    ({ db, close } = await adapter.open());
    await migrate(db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...WEBHOOK_MIGRATIONS]);
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ path: String(req.url), id: String(req.headers['webhook-id']) });
        res.statusCode = answers.get(String(req.url)) ?? 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const clock = { now: () => new Date() };
    delivery = new WebhookDelivery(databaseEventStore(db), db, store, secrets, new UuidV7Generator(), clock, { allow: parseAllowList('127.0.0.1'), random: () => 0.5 }, queue);
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await close?.();
  });

  const endpoint = async (id: string, path: string, status = 'active') => {
    await db.query(
      `INSERT INTO webhook_endpoints (id, url, event_types, secret, status, created_at, updated_at) VALUES ($1, $2, '{payment_order.issued}', $3, $4, now(), now())`,
      [id, `http://127.0.0.1:${port}${path}`, secrets.seal(id, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), status],
    );
    const rows = [1, 2, 3].map((n) => ({ id: `${id}:msg_${n}`, messageId: `msg_${n}`, eventType: 'payment_order.issued', body: `{"n":${n}}`, position: n }));
    return store.insertDeliveries(db, id, rows, new Date().toISOString());
  };
  const row = async (id: string) =>
    (await db.query<{ status: string; attempts: number; next_attempt_at: Date | string }>('SELECT status, attempts, next_attempt_at FROM webhook_deliveries WHERE id = $1', [id])).rows[0];

  it('claims, sends and records a batch; a failed delivery gets a job of its own with its backoff; a rerun sends nothing twice', async () => {
    const ids = await endpoint('e1', '/e1');
    expect(ids).toHaveLength(3);
    answers.set('/e1', 204);
    const failing = 'e1:msg_2';
    // The receiver fails the second message only.
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        received.push({ path: String(req.url), id });
        res.statusCode = id === 'msg_2' ? 503 : 204;
        res.end();
      });
    });

    expect(await delivery.deliverBatch(ids)).toEqual({ attempted: 3, succeeded: 2 });
    expect(received.filter((r) => r.path === '/e1').map((r) => r.id).sort()).toEqual(['msg_1', 'msg_2', 'msg_3']);
    expect(await row('e1:msg_1')).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await row('e1:msg_3')).toMatchObject({ status: 'succeeded', attempts: 1 });
    const failed = await row(failing);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(failed?.next_attempt_at as string).getTime()).toBeGreaterThan(Date.now());
    const attempts = await store.attempts(db, ids);
    expect(ids.map((id) => attempts.get(id)?.map((a) => a.statusCode))).toEqual([[204], [503], [204]]);

    expect(added).toHaveLength(1);
    expect(deliveryIdsOf(added[0]?.data)).toEqual([failing]);
    expect(added[0]?.opts).toMatchObject({ jobId: 'deliver_e1_msg_2_1', attempts: 1000 });
    expect(Number(added[0]?.opts?.delay)).toBeGreaterThan(0);

    // Run twice (a stalled job's rerun): nothing is sent again.
    expect(await delivery.deliverBatch(ids)).toEqual({ attempted: 0, succeeded: 0 });
    expect(received.filter((r) => r.path === '/e1')).toHaveLength(3);
  });

  it('attempts nothing for a disabled endpoint', async () => {
    const ids = await endpoint('e2', '/e2', 'disabled');
    expect(await delivery.deliverBatch(ids)).toEqual({ attempted: 0, succeeded: 0 });
    expect(received.filter((r) => r.path === '/e2')).toHaveLength(0);
    expect(await row('e2:msg_1')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
