import { CanActivate, ExecutionContext, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IdGenerator } from '@app/application';
import { EngineMetrics, setCorrelationRoute, withCorrelation } from '@app/observability';
import { IDS } from '@app/runtime';
import { MAX_ID_LENGTH } from './input-safety';

const ACCEPTED = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_ID_LENGTH}}$`);

/**
 * The first global guard, which refuses nothing: it records the matched route on the
 * correlation context, so every log line of the request (a guard's refusal included) names it.
 */
@Injectable()
export class RouteLogGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const route = (request.route as { path?: string } | undefined)?.path;
    if (route) setCorrelationRoute(request.method, route);
    return true;
  }
}

/**
 * Gives every request a correlation id (the caller's `X-Correlation-Id` when well-formed, a new
 * one otherwise), echoes it, and runs the request inside it so every log line and every event's
 * metadata carry it. When the answer is done, a request that matched a route is counted and
 * timed by route pattern (never by raw path, which would explode labels) and the status it was
 * answered with: a refusal of a guard (401, 403, 429), of a pipe or of the command included.
 * A path that matches no route (404 of the router, the console's files) is not counted.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  constructor(
    @Inject(IDS) private readonly ids: IdGenerator,
    private readonly metrics: EngineMetrics,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.headers['x-correlation-id'];
    const correlationId = typeof given === 'string' && given !== '' && ACCEPTED.test(given) ? given : this.ids.next();
    request.correlationId = correlationId;
    response.setHeader('X-Correlation-Id', correlationId);
    const started = performance.now();
    response.once('close', () => this.record(request, response, started));
    withCorrelation({ correlationId }, () => next());
  }

  private record(request: Request, response: Response, started: number): void {
    const route = (request.route as { path?: string } | undefined)?.path;
    if (route === undefined) return;
    const method = request.method;
    this.metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
    this.metrics.httpRequests.inc({ method, route, status: String(response.statusCode) });
  }
}
