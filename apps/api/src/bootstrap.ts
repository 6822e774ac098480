import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger } from '@app/observability';
import { NestJsonLogger, RuntimeOptions } from '@app/runtime';
import { ReadRouting } from '@app/projections';
import { QueueRuntime } from '@app/queue';
import { ApiModule } from './app.module';
import { TokenVerifier } from './http/auth/token-verifier';
import { useJsonBodies } from './http/json-body';
import { jsonCompression } from './http/json-compression';
import { securityHeaders } from './http/security-headers';
import { completeContract } from './http/openapi-contract';
import { createValidationPipe } from './http/validation';
import { QUEUE_DASHBOARD_PATH, queueDashboard, QueueDashboardSessions } from './operations/queue-dashboard';

export const API_PREFIX = 'api/v1';

/**
 * The OpenAPI description of the HTTP contract (served at /docs and /docs-json), completed with
 * the security of public routes and the Problem Details answers of every operation.
 */
export function buildOpenApi(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Grant lifecycle engine')
    .setDescription(
      'Event-sourced workflow engine for khuyến công projects: proposal → appraisal → funding → implementation → evaluation. ' +
        'Commands answer { id, version, position, status } with an ETag; send If-Match to make them conditional and Idempotency-Key to make them safe to retry. ' +
        'Errors are application/problem+json with a stable code.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'The engine that serves this document (paths start at its origin)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addGlobalResponse({
      status: 429,
      description: 'Over a rate limit (REQUEST.RATE_LIMITED; not on /health): retry after Retry-After seconds',
      headers: { 'Retry-After': { description: 'seconds until the limit lets requests through again', schema: { type: 'integer' } } },
    })
    .build();
  return completeContract(app, SwaggerModule.createDocument(app, config));
}

/**
 * Creates the engine's HTTP application with everything `main.ts` and the end-to-end tests
 * share: security headers, body limits, raw bodies for signature checks, validation, the
 * `/api/v1` prefix, docs. Signals are not handled here: `main.ts` stops the process in order
 * (`GracefulShutdown`).
 *
 * @example
 * const app = await createEngineApp({ config, worker: true, migrate: true });
 * await app.listen(config.port);
 */
export async function createEngineApp(options: RuntimeOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(options), {
    rawBody: true,
    bodyParser: false,
    abortOnError: false,
    // Nest's own lines go through the engine's JSON logger (and its LOG_LEVEL).
    logger: new NestJsonLogger(options.logger ?? new JsonLogger({ level: options.config.logLevel })),
  });
  // First, so every answer carries them, refusals of the body parser and the docs included.
  app.use(securityHeaders());
  // JSON answers of reads go brotli or gzip when asked for and worth it (streams and files as they are).
  app.use(jsonCompression());
  useJsonBodies(app, options.config.bodyLimitBytes);
  app.disable('x-powered-by');
  app.set('trust proxy', options.config.trustProxy);
  // Before Nest's routes (added at init), outside the /api/v1 prefix and its guards, where queues exist.
  const queues = app.get(QueueRuntime, { strict: false });
  if (queues.bullQueues().length > 0) {
    app.use(QUEUE_DASHBOARD_PATH, ...queueDashboard(queues, { config: options.config, sessions: app.get(QueueDashboardSessions), tokens: app.get(TokenVerifier) }));
  }
  // A GET is one read: with DATABASE_READ_URL its read-model queries go to the replica.
  const reads = app.get(ReadRouting, { strict: false });
  app.use((req: Request, _res: Response, next: NextFunction) => (req.method === 'GET' || req.method === 'HEAD' ? reads.runRead(next) : next()));
  app.useGlobalPipes(createValidationPipe());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
  return app;
}
