import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';
import { testDatabaseUrl } from '@app/testing';
import { createProgramme, DRAFT, headers } from './support/lifecycle';
import { startPgRelay, TcpRelay } from './support/tcp-relay';
import { startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

jest.setTimeout(90_000);

interface Sent {
  readonly key: string;
  readonly status: number;
  readonly code?: string;
  readonly retryAfter?: string;
  readonly id?: string;
  readonly position?: number;
}

/**
 * PostgreSQL goes away from one engine (a relay between them drops every connection and refuses
 * new ones, as a restart or a failover does) while commands keep coming, then comes back.
 */
describe('PostgreSQL lost under a burst of commands', () => {
  let relay: TcpRelay;
  let engine: TestEngine;
  let programmeId: string;

  beforeAll(async () => {
    relay = await startPgRelay();
    engine = await startTestEngine({ env: { DATABASE_URL: relay.url } });
    programmeId = await createProgramme(engine);
    engine.clock.set('2026-03-02T02:00:00Z');
  });
  afterAll(async () => {
    relay?.restore();
    await engine?.close();
    await relay?.stop();
  });

  /** The rows of the engine's schema, read past the relay. */
  async function direct<Row>(sql: string): Promise<Row[]> {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${quoteIdent(engine.schema)}`);
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async function create(key: string): Promise<Sent> {
    const res = await engine.http
      .post('/api/v1/projects')
      .set(headers(engine, 'officer'))
      .set('Idempotency-Key', key)
      .send({ ...DRAFT, programmeId, title: `Dây chuyền ${key}` });
    return {
      key,
      status: res.status,
      ...(res.status >= 400 ? { code: res.body.code as string } : { id: res.body.id as string, position: res.body.position as number }),
      ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] as string } : {}),
    };
  }

  const ready = async () => (await engine.http.get('/health/ready').set(headers(engine, 'admin'))).status;

  it('answers 503 with Retry-After while it is away, never 500, and loses or doubles nothing', async () => {
    const sent: Sent[] = [];
    let stop = false;
    let n = 0;
    // Four clients send commands one after another, without a pause, for the whole test.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) sent.push(await create(`burst-${(n += 1)}`));
    });
    await until(async () => sent.filter((s) => s.status === 201).length >= 8);

    relay.cut();
    const cutAt = sent.length;
    await until(async () => sent.slice(cutAt).filter((s) => s.status === 503).length >= 8, 20_000);
    expect(await ready()).toBe(503);
    const during = await engine.http.get('/health/ready').set(headers(engine, 'admin'));
    expect(during.headers['retry-after']).toBe('5');
    expect(during.body.checks.store.status).toBe('down');
    // A read while the database is away is refused the same way.
    const read = await engine.http.get('/api/v1/projects').set(headers(engine, 'officer'));
    expect([read.status, read.headers['retry-after']]).toEqual([503, '5']);

    relay.restore();
    await until(async () => (await ready()) === 200, 20_000);
    const restoredAt = sent.length;
    await until(async () => sent.slice(restoredAt).filter((s) => s.status === 201).length >= 8, 20_000);
    stop = true;
    await Promise.all(clients);

    // Every answer was a success or a 503 that says when to retry.
    expect(sent.filter((s) => s.status !== 201 && s.status !== 503)).toEqual([]);
    const refused = sent.filter((s) => s.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    for (const s of refused) {
      expect(s.retryAfter).toBe('5');
      expect(['SERVICE.UNAVAILABLE', 'SERVICE.CONNECTION_LOST']).toContain(s.code);
    }

    // A refused command sent again with its Idempotency-Key is done once; a done one is not done again.
    const retried = await Promise.all(refused.map((s) => create(s.key)));
    expect(retried.map((s) => s.status)).toEqual(refused.map(() => 201));
    const done = new Map<string, Sent>();
    for (const s of [...sent.filter((s) => s.status === 201), ...retried]) done.set(s.key, s);
    expect(done.size).toBe(n);

    // One project per key in the log, with its created event; no duplicate.
    const streams = await direct<{ stream_id: string; created: string }>(
      "SELECT stream_id, count(*) FILTER (WHERE version = 1) AS created FROM events WHERE stream_id LIKE 'project-%' GROUP BY stream_id",
    );
    expect(streams.map((s) => s.stream_id).sort()).toEqual([...done.values()].map((s) => `project-${s.id}`).sort());
    expect(streams.every((s) => Number(s.created) === 1)).toBe(true);

    // The read models catch up with everything the log holds.
    const last = Math.max(...[...done.values()].map((s) => s.position ?? 0));
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await engine.http
        .get(`/api/v1/projects?programmeId=${programmeId}&minPosition=${last}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .set(headers(engine, 'officer'))
        .expect(200);
      listed.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed.sort()).toEqual([...done.values()].map((s) => s.id).sort());
  });
});
