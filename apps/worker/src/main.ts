import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, parseConfig, withGeneratedSecrets } from '@app/config';
import { EmbeddedDatabaseInUseError } from '@app/event-store';
import { JsonLogger } from '@app/observability';
import { assertRedisReachable, RedisUnavailableError } from '@app/queue';
import { PendingMigrationsError } from '@app/runtime';
import { WorkerModule } from './worker.module';

/**
 * Runs the worker alone (`npm run start:worker`), for scale-out: several workers share the
 * subscriptions (one active runner per subscription, by advisory lock) and compete for jobs.
 * The database must be migrated first (`npm run cli -- migrate`).
 */
async function main(): Promise<void> {
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
  const logger = new JsonLogger({ level: config.logLevel }).child('worker');
  try {
    await assertRedisReachable(config.redisUrl);
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, worker: true, migrate: false, logger }), {
      abortOnError: false,
      logger: ['error', 'warn'],
    });
    app.enableShutdownHooks();
    await app.init();
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof PendingMigrationsError || error instanceof EmbeddedDatabaseInUseError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
