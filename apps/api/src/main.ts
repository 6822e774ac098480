// First: tracing instruments modules as they load.
import { tracing } from './tracing';
import 'reflect-metadata';
import { exitOnSignals, GracefulShutdown, startProcess } from '@app/runtime';
import { createEngineApp } from './bootstrap';

/**
 * Starts the engine. `npm start`: API, worker and console in one process, migrating the
 * database first (single-node mode). `npm run start:api` (`--api-only`): the HTTP edge alone,
 * for scale-out behind a load balancer, on a database migrated by `npm run cli -- migrate`.
 * With development features on it listens on loopback only, unless `HOST` says otherwise.
 * SIGTERM or SIGINT stops it in order (`GracefulShutdown`, docs/operations.md#shutdown).
 */
const apiOnly = process.argv.includes('--api-only');
void startProcess('engine', async (config, logger) => {
  const app = await createEngineApp({ config, worker: !apiOnly, migrate: !apiOnly, logger });
  exitOnSignals(new GracefulShutdown(app, { logger, timeoutMs: config.shutdownTimeoutMs, tracing, server: app.getHttpServer() }));
  // Loopback only with development features (unless HOST says otherwise); every interface on a server start.
  if (config.host) await app.listen(config.port, config.host);
  else await app.listen(config.port);
  const shown = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info('engine started', {
    url: `http://${shown}:${config.port}`,
    host: config.host ?? 'all interfaces',
    devFeatures: config.devFeatures,
    mode: apiOnly ? 'api' : 'api+worker',
    database: config.databaseUrl ? 'postgresql' : 'embedded',
    docs: `http://${shown}:${config.port}/docs`,
  });
});
