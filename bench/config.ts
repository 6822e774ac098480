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
