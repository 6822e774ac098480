import 'reflect-metadata';
import { startProcess } from '@app/runtime';
import { createEngineApp } from './bootstrap';

/**
 * Starts the engine. `npm start`: API, worker and console in one process, migrating the
 * database first (single-node mode). `npm run start:api` (`--api-only`): the HTTP edge alone,
 * for scale-out behind a load balancer, on a database migrated by `npm run cli -- migrate`.
 */
const apiOnly = process.argv.includes('--api-only');
void startProcess('engine', async (config, logger) => {
  const app = await createEngineApp({ config, worker: !apiOnly, migrate: !apiOnly, logger });
  await app.listen(config.port);
  logger.info('engine started', {
    url: `http://localhost:${config.port}`,
    mode: apiOnly ? 'api' : 'api+worker',
    database: config.databaseUrl ? 'postgresql' : 'embedded',
    docs: `http://localhost:${config.port}/docs`,
  });
});
