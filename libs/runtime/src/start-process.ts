import { ConfigError, EngineConfig, parseConfig, withGeneratedSecrets } from '@app/config';
import { DatabaseUnreachableError, EmbeddedDatabaseInUseError, waitForPostgres } from '@app/event-store';
import { JsonLogger, Logger } from '@app/observability';
import { assertRedisReachable, RedisSentinelConfigError, RedisUnavailableError } from '@app/queue';
import { loadPolicySets } from './policy-files';
import { PendingMigrationsError } from './runtime.module';

/**
 * The start of every engine process (`npm start`, `start:api`, `start:worker`): validates the
 * configuration and the `POLICY_DIR` files (exit 78 naming every bad variable, file and field), checks that Redis answers and
 * waits up to `DATABASE_CONNECT_TIMEOUT_MS` for the database (exit 78 naming `DATABASE_URL` or `DATABASE_READ_URL`), then runs
 * `start`. What an operator can fix (Redis down, migrations pending, the embedded database held
 * by another process) ends the process with one JSON line on stderr and exit code 1, not a stack trace. With
 * development features on, it first logs one loud warning saying why and how to turn them off.
 *
 * @example
 * void startProcess('worker', async (config, logger) => { … });
 */
export async function startProcess(name: string, start: (config: EngineConfig, logger: Logger) => Promise<void>): Promise<void> {
  let config: EngineConfig;
  try {
    config = withGeneratedSecrets(parseConfig(process.env));
    // The policy files are configuration too: a bad one refuses the start the same way.
    loadPolicySets(config.policyDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      refusal(name).error(error.message, { exitCode: 78 });
      process.exit(78);
    }
    throw error;
  }
  const logger = new JsonLogger({ level: config.logLevel }).child(name);
  warnOfDevFeatures(config, logger);
  try {
    await assertRedisReachable({ url: config.redisUrl, ...(config.redisSentinel ? { sentinel: config.redisSentinel } : {}) });
    await waitForDatabases(config, logger);
    await start(config, logger);
  } catch (error) {
    // Sentinels that cannot name the primary: REDIS_SENTINELS or REDIS_SENTINEL_NAME is wrong.
    if (error instanceof RedisSentinelConfigError) {
      refusal(name).error(`Invalid configuration: ${error.message}`, { exitCode: 78 });
      process.exit(78);
    }
    if (error instanceof DatabaseUnreachableError) {
      // A database that cannot be reached is named like every other bad setting.
      refusal(name).error(`Cannot start: ${error.message}`, { exitCode: 78 });
      process.exit(78);
    }
    if (error instanceof RedisUnavailableError || error instanceof PendingMigrationsError || error instanceof EmbeddedDatabaseInUseError) {
      refusal(name).error(`Cannot start: ${error.message}`, { exitCode: 1 });
      process.exit(1);
    }
    // Anything else is a fault of the engine: one JSON line with its stack, not Node's plain trace.
    logger.error('start failed', { error, exitCode: 1 });
    process.exit(1);
  }
}

/**
 * Waits (up to `DATABASE_CONNECT_TIMEOUT_MS`) for the PostgreSQL of `DATABASE_URL`, then for the
 * replica of `DATABASE_READ_URL`; nothing to wait for with the embedded database.
 */
async function waitForDatabases(config: EngineConfig, logger: Logger): Promise<void> {
  const targets = [
    ['DATABASE_URL', config.databaseUrl],
    ['DATABASE_READ_URL', config.databaseReadUrl],
  ] as const;
  for (const [setting, url] of targets) {
    if (!url) continue;
    await waitForPostgres(url, {
      setting,
      timeoutMs: config.databaseConnectTimeoutMs,
      onRetry: (error, attempt) => {
        if (attempt === 1) logger.warn(`waiting for the database of ${setting}`, { error: error.message, timeoutMs: config.databaseConnectTimeoutMs });
      },
    });
  }
}

/** The logger of a refused start: one JSON line on stderr, whatever LOG_LEVEL says (it may be the bad variable). */
function refusal(name: string): Logger {
  return new JsonLogger({ level: 'error', sink: (line) => process.stderr.write(`${line}\n`) }).child(name);
}

/**
 * The one warning line of a start with development features on: what they open, why they are
 * on and how to turn them off. Silent on a server start.
 *
 * @example
 * warnOfDevFeatures(config, logger); // "DEVELOPMENT FEATURES ARE ON: …"
 */
export function warnOfDevFeatures(config: EngineConfig, logger: Pick<Logger, 'warn'>): void {
  if (!config.devFeatures) return;
  logger.warn(
    `DEVELOPMENT FEATURES ARE ON because ${config.devFeaturesReason}: demo sign-in for every role, secrets generated in DATA_DIR and the simulated treasury. ` +
      'Never expose this engine; for a server start set DATABASE_URL and the secrets without NODE_ENV=development, or DEV_FEATURES=off.',
    { devFeatures: true, reason: config.devFeaturesReason, host: config.host ?? 'all interfaces' },
  );
}
