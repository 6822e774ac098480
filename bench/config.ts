import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** What one benchmark run measures, from the environment (defaults keep a run under ~2 minutes). */
export interface BenchConfig {
  readonly databaseUrl: string;
  /** Measured seconds per variant per round. */
  readonly seconds: number;
  /**
   * Measured rounds; each runs every variant once. Many short rounds rather than a few long ones:
   * on a shared 2-core machine a burst of other work then lands on both sides of a ratio alike.
   */
  readonly rounds: number;
  /** Seconds per variant of the discarded warm-up round. */
  readonly warmupSeconds: number;
  /** Connections of the engine's pool and of the raw pool (the same, so neither queues more). */
  readonly poolSize: number;
  /** Concurrent clients of the high-concurrency variants. */
  readonly highClients: number;
  /** Events per stream before an append client moves to a fresh stream. */
  readonly appendStreamLength: number;
  /** Events per stream before a command client moves to a fresh stream (keeps the fold cost flat). */
  readonly commandStreamLength: number;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(): BenchConfig {
  const highClients = Math.round(numberFromEnv('BENCH_CLIENTS', 16, 2, 256));
  return {
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    seconds: numberFromEnv('BENCH_SECONDS', 1, 0.2, 600),
    rounds: Math.round(numberFromEnv('BENCH_ROUNDS', 10, 1, 100)),
    warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, 0, 600),
    // One connection per client by default, so the 16-client figures measure the database and
    // the code path rather than waiting in the pool.
    poolSize: Math.round(numberFromEnv('BENCH_POOL_SIZE', highClients, 1, 500)),
    highClients,
    appendStreamLength: 50,
    commandStreamLength: 20,
  };
}

/** The connection string without its password, for the report. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** The rate limits a benchmark sets: the highest the configuration takes, so they stay on (their Redis round trips are measured) but never refuse. */
export const RATE_LIMIT_HIGH = '1000000';

/**
 * The settings of a server start (docs/operations.md) for an engine under benchmark: its own
 * schema and queue prefix, JWTs signed with `jwtSecret`, fresh finance, audit and key-encryption
 * secrets, and rate limits that never refuse.
 */
export function serverStartSettings(where: {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly jwtSecret: string;
  readonly issuer: string;
  readonly audience: string;
}): Record<string, string> {
  return {
    DATABASE_URL: where.databaseUrl,
    DATABASE_SCHEMA: where.schema,
    REDIS_URL: where.redisUrl,
    QUEUE_PREFIX: where.prefix,
    AUTH_JWT_SECRET: where.jwtSecret,
    AUTH_JWT_ISSUER: where.issuer,
    AUTH_JWT_AUDIENCE: where.audience,
    FINANCE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PUBLIC: RATE_LIMIT_HIGH,
    RATE_LIMIT_ADDRESS: RATE_LIMIT_HIGH,
    RATE_LIMIT_AUTHENTICATED: RATE_LIMIT_HIGH,
    RATE_LIMIT_COSTLY: RATE_LIMIT_HIGH,
  };
}
