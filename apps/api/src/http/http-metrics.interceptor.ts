import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { EngineMetrics } from '@app/observability';

/** Counts and times requests by route pattern (never by raw path, which would explode labels). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: EngineMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unknown';
    const stop = this.metrics.httpDuration.startTimer({ method: request.method, route });
    const record = () => {
      stop();
      this.metrics.httpRequests.inc({ method: request.method, route, status: String(http.getResponse<Response>().statusCode) });
    };
    return next.handle().pipe(tap({ next: record, error: record }));
  }
}
