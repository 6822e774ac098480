import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IdGenerator } from '@app/application';
import { withCorrelation } from '@app/observability';
import { IDS } from '@app/runtime';
import { MAX_ID_LENGTH } from './input-safety';

const ACCEPTED = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_ID_LENGTH}}$`);

/**
 * Gives every request a correlation id (the caller's `X-Correlation-Id` when well-formed, a new
 * one otherwise), echoes it, and runs the request inside it so every log line and every event's
 * metadata carry it.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  constructor(@Inject(IDS) private readonly ids: IdGenerator) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.header('x-correlation-id');
    const correlationId = given && ACCEPTED.test(given) ? given : this.ids.next();
    request.correlationId = correlationId;
    response.setHeader('X-Correlation-Id', correlationId);
    withCorrelation({ correlationId }, () => next());
  }
}
