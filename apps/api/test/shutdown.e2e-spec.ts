import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';
import type { Logger } from '@app/observability';
import { GracefulShutdown } from '@app/runtime';
import { testDatabaseUrl, testRedisUrl } from '@app/testing';
import { createProgramme, DRAFT, headers } from './support/lifecycle';
import { deleteKeys, startTestEngine, TestEngine } from './support/test-engine';

/** One request's fate: the status and body of an answer, or the network error that ended it. */
type Outcome = { readonly status: number; readonly body: { id?: string }; readonly connection?: string } | { readonly error: string };

/** A POST over a kept-alive agent, settled with its answer or its network error (never rejected). */
function post(port: number, agent: Agent, path: string, head: Record<string, string>, body: unknown): Promise<Outcome> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...head, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as { id?: string }) : {}, connection: res.headers.connection });
        });
        res.on('error', (error) => resolve({ error: error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

/** A logger keeping the `phase` of each line, in order. */
function phaseRecorder(): { logger: Logger; phases: string[] } {
  const phases: string[] = [];
  const record = (_message: string, fields?: Record<string, unknown>) => {
    if (typeof fields?.phase === 'string') phases.push(fields.phase);
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return { logger, phases };
}

describe('shutdown under load', () => {
  let engine: TestEngine;
  const log = phaseRecorder();

  beforeAll(async () => {
    engine = await startTestEngine({ logger: log.logger });
  });

  afterAll(async () => {
    // The shutdown under test closed the engine already: only its data is left to remove.
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(engine.schema)} CASCADE`);
    } finally {
      await client.end();
    }
    await deleteKeys(testRedisUrl(), engine.prefix);
  });

  it('finishes the commands it accepted, refuses the rest and half-applies nothing', async () => {
    const programmeId = await createProgramme(engine);
    engine.clock.set('2026-03-02T02:00:00Z');
    const shutdown = new GracefulShutdown(engine.app, { logger: log.logger, timeoutMs: 10_000, server: engine.app.getHttpServer() });
    await engine.app.listen(0, '127.0.0.1');
    const port = (engine.app.getHttpServer().address() as AddressInfo).port;
    // Fewer sockets than requests: most requests wait for a kept-alive socket to be free.
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    const auth = headers(engine, 'officer');

    let answered = 0;
    let started: Promise<{ forced: boolean; ms: number }> | undefined;
    let shutdownBegan = 0;
    const burst = Array.from({ length: 50 }, (_, i) =>
      post(port, agent, '/api/v1/projects', { ...auth, 'Idempotency-Key': `shutdown-${i}` }, { ...DRAFT, programmeId, title: `Dự án ${i}` }).then((outcome) => {
        answered += 1;
        // The stop begins in the middle of the burst, with requests in flight and others queued.
        if (answered === 5) {
          shutdownBegan = Date.now();
          started = shutdown.run('SIGTERM');
        }
        return outcome;
      }),
    );
    const outcomes = await Promise.all(burst);
    if (!started) throw new Error('the burst ended before the stop began');
    const result = await started;
    const tookMs = Date.now() - shutdownBegan;
    agent.destroy();

    expect(result.forced).toBe(false);
    // HTTP first, then the subscription runners, the queues and last the database.
    expect(log.phases).toEqual(['start', 'http-closing', 'http-drained', 'subscriptions-stopped', 'queues-closed', 'database-closed', 'done']);
    expect(tookMs).toBeLessThan(15_000);
    const created: string[] = [];
    for (const outcome of outcomes) {
      if ('error' in outcome) {
        // Never accepted: refused or reset before the engine read the request.
        expect(['ECONNREFUSED', 'ECONNRESET', 'socket hang up', 'EPIPE']).toContain(outcome.error);
      } else if (outcome.status === 201) {
        expect(typeof outcome.body.id).toBe('string');
        created.push(String(outcome.body.id));
      } else {
        expect(outcome.status).toBe(503);
      }
    }
    // Some answered before and during the stop, and some were turned away: the stop came mid-burst.
    expect(created.length).toBeGreaterThanOrEqual(5);
    expect(created.length).toBeLessThan(50);
    // Answers written after the stop began closed their kept-alive sockets.
    expect(outcomes.some((o) => !('error' in o) && o.connection === 'close')).toBe(true);

    // The store, read through a connection of its own (the engine's pool is closed).
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${quoteIdent(engine.schema)}`);
      const rows = (await client.query<{ stream_id: string; type: string }>("SELECT stream_id, type FROM events WHERE stream_id LIKE 'project-%'")).rows;
      expect(rows.every((r) => r.type === 'ProjectDraftCreated')).toBe(true);
      expect(rows.map((r) => r.stream_id.slice('project-'.length)).sort()).toEqual([...created].sort());
    } finally {
      await client.end();
    }
  }, 30_000);
});
