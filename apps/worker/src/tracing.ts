import { startProcessTracing } from '@app/observability';

/**
 * Tracing of the worker process, started when the OTEL_* variables ask for it (nothing is loaded
 * otherwise). The first import of main.ts: the instrumented modules (pg, ioredis, http) must be
 * loaded after it.
 */
export const tracing = startProcessTracing('grant-lifecycle-engine-worker');
