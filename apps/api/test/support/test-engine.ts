import { generateKeyPairSync } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import IORedis from 'ioredis';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { FixedClock } from '@app/application';
import { EngineConfig, parseConfig } from '@app/config';
import { Authority, Role } from '@app/domain';
import { DatabaseEventStore, quoteIdent, SqlDatabase } from '@app/event-store';
import { JsonLogger, silentLogger } from '@app/observability';
import type { Logger } from '@app/observability';
import { ProjectionManager } from '@app/projections';
import { EVENT_STORE, signToken, SQL_DATABASE } from '@app/runtime';
import { testDatabaseUrl, testRedisUrl, uniqueTestName } from '@app/testing';
import { Client } from 'pg';
import { createEngineApp } from '../../src/bootstrap';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';
export const TEST_FINANCE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** An Ed25519 key made once per test file: a server start needs one, and none is written to DATA_DIR. */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const TEST_DATA_KEK = 'q1pmcmZFyR0TpFzfmQ7oyDdsX0HqUH1J3U3m0Vb0LZQ=';

export interface TestEngine {
  readonly app: NestExpressApplication;
  readonly http: TestAgent;
  readonly clock: FixedClock;
  readonly config: EngineConfig;
  readonly store: DatabaseEventStore;
  readonly db: SqlDatabase;
  readonly projections: ProjectionManager;
  /** A bearer header for a user with roles (and areas, and a decision level). */
  auth(sub: string, roles: Role | Role[], areas?: string[], authority?: Authority): { Authorization: string };
  /**
   * Events written by commands (for "a refused command appends nothing" checks). Streams that
   * background processes append to on their own (reminders, webhook operations) are left out.
   */
  eventCount(): Promise<number>;
  /**
   * The newest position in the log, for `minPosition` (the head cursor can lag behind it while
   * background transactions are open, ADR 1).
   */
  lastPosition(): Promise<number>;
  /** Stops the engine and keeps its data (to start another on it, see `reuse`). */
  stop(): Promise<void>;
  /** Stops the engine and drops its schema and queue keys. */
  close(): Promise<void>;
  readonly schema: string;
  readonly prefix: string;
}

export interface TestEngineOptions {
  readonly env?: Record<string, string>;
  readonly now?: string;
  readonly worker?: boolean;
  readonly webhookRetryScale?: number;
  /** The engine's logger (silent unless `ENGINE_TEST_LOGS` is set). */
  readonly logger?: Logger;
  /** Reuse a schema and queue prefix (an engine restarted on the same data). */
  readonly reuse?: { readonly schema: string; readonly prefix: string };
}

/**
 * The whole engine (API and worker) on a fresh PostgreSQL schema and Redis key prefix, with a
 * clock the test moves. Like a deployment, it is a server start (`DATABASE_URL`, no `NODE_ENV`):
 * development features are off unless a test passes `env: { DEV_FEATURES: 'on' }`.
 *
 * @example
 * const engine = await startTestEngine();
 * afterAll(() => engine.close());
 */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const schema = options.reuse?.schema ?? uniqueTestName('e2e');
  const prefix = options.reuse?.prefix ?? uniqueTestName('q');
  const config = parseConfig({
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: schema,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    FINANCE_WEBHOOK_SECRET: TEST_FINANCE_SECRET,
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    // A server start: tokens must name the engine as audience and a known issuer.
    AUTH_JWT_ISSUER: 'https://id.test.invalid',
    AUTH_JWT_AUDIENCE: 'grants-engine-test',
    DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEK,
    LOG_LEVEL: 'error',
    BODY_LIMIT: '64kb',
    // Rate limits stay on, far above what a test sends; throttling.e2e-spec.ts sets small ones.
    RATE_LIMIT_PUBLIC: '100000',
    RATE_LIMIT_ADDRESS: '100000',
    RATE_LIMIT_AUTHENTICATED: '100000',
    RATE_LIMIT_COSTLY: '100000',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-03-02T02:00:00.000Z'));
  const app = await createEngineApp({ config, worker: options.worker ?? true, migrate: true, clock, // ENGINE_TEST_LOGS=1 shows the engine's own logs while debugging a test.
    logger: options.logger ?? (process.env.ENGINE_TEST_LOGS ? new JsonLogger({ level: 'debug' }) : silentLogger), webhookRetryScale: options.webhookRetryScale });
  await app.init();
  const store = app.get<DatabaseEventStore>(EVENT_STORE);
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    config,
    store,
    db,
    projections: app.get(ProjectionManager),
    auth: (sub, roles, areas, authority) => ({
      Authorization: `Bearer ${signToken(TEST_JWT_SECRET, { sub, roles: Array.isArray(roles) ? roles : [roles], ...(areas ? { areas } : {}), ...(authority ? { authority } : {}) }, 12 * 3600, { issuer: config.auth.issuer, audience: config.auth.audience })}`,
    }),
    eventCount: async () =>
      Number(
        (await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE stream_id NOT LIKE 'reminders-%' AND stream_id NOT LIKE 'webhook-endpoint-%'")).rows[0]?.n ?? 0,
      ),
    lastPosition: async () => Number((await db.query<{ p: string | null }>('SELECT max(position) AS p FROM events')).rows[0]?.p ?? 0),
    schema,
    prefix,
    async stop() {
      await app.close();
    },
    async close() {
      await app.close();
      await dropSchema(config.databaseUrl ?? testDatabaseUrl(), schema);
      await deleteKeys(testRedisUrl(), prefix);
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Removes every Redis key of a test's queue prefix. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
