// First: tracing instruments modules as they load.
import { tracing } from './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnSignals, GracefulShutdown, NestJsonLogger, startProcess } from '@app/runtime';
import { WorkerModule } from './worker.module';

/**
 * Runs the worker alone (`npm run start:worker`), for scale-out: several workers share the
 * subscriptions (one active runner per subscription, by advisory lock) and compete for jobs.
 * The database must be migrated first (`npm run cli -- migrate`). SIGTERM or SIGINT stops it
 * in order: subscription runners after their batch, queues after their running jobs, database.
 */
void startProcess('worker', async (config, logger) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, worker: true, migrate: false, logger }), {
    abortOnError: false,
    logger: new NestJsonLogger(logger),
  });
  exitOnSignals(new GracefulShutdown(app, { logger, timeoutMs: config.shutdownTimeoutMs, tracing }));
  await app.init();
});
