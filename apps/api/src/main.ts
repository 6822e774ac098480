import 'reflect-metadata';
import { ConfigError, parseConfig, withGeneratedSecrets } from '@app/config';
import { EmbeddedDatabaseInUseError } from '@app/event-store';
import { JsonLogger } from '@app/observability';
import { assertRedisReachable, RedisUnavailableError } from '@app/queue';
import { PendingMigrationsError } from '@app/runtime';
import { createEngineApp } from './bootstrap';

/**
 * Starts the engine. `npm start`: API, worker and console in one process, migrating the
 * database first (single-node mode). `npm run start:api` (`--api-only`): the HTTP edge alone,
 * for scale-out behind a load balancer, on a database migrated by `npm run cli -- migrate`.
 */
async function main(): Promise<void> {
  const apiOnly = process.argv.includes('--api-only');
  let config;
  try {
    config = withGeneratedSecrets(parseConfig(process.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = new JsonLogger({ level: config.logLevel }).child('engine');
  try {
    await assertRedisReachable(config.redisUrl);
    const app = await createEngineApp({ config, worker: !apiOnly, migrate: !apiOnly, logger });
    await app.listen(config.port);
    logger.info('engine started', {
      url: `http://localhost:${config.port}`,
      mode: apiOnly ? 'api' : 'api+worker',
      database: config.databaseUrl ? 'postgresql' : 'embedded',
      docs: `http://localhost:${config.port}/docs`,
    });
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof PendingMigrationsError || error instanceof EmbeddedDatabaseInUseError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
