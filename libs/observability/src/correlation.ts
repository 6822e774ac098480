import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or job carries. */
export interface CorrelationContext {
  readonly correlationId: string;
  /** Set once the caller is known (after authentication). */
  actorId?: string;
  /** The HTTP method and route pattern (`/api/v1/projects/:id`), set once the request is routed. */
  method?: string;
  route?: string;
  /** The trace the work belongs to, once tracing sets it; written on every line when present. */
  traceId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/**
 * Runs `work` with a correlation context, so logs written anywhere inside it carry the id.
 *
 * @example
 * await withCorrelation({ correlationId: req.headers['x-correlation-id'] }, () => handle(req));
 */
export function withCorrelation<T>(context: CorrelationContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/** Records the authenticated caller on the context of the request in progress. */
export function setCorrelationActor(actorId: string): void {
  const context = storage.getStore();
  if (context) context.actorId = actorId;
}

/**
 * Records the method and route pattern of the request in progress (never the raw path, which
 * carries ids); both are strings the router already holds, so this allocates nothing.
 */
export function setCorrelationRoute(method: string, route: string): void {
  const context = storage.getStore();
  if (context) {
    context.method = method;
    context.route = route;
  }
}
