import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { EngineConfig } from '@app/config';
import { EngineMetrics } from '@app/observability';
import { CONFIG } from '@app/runtime';
import { Public } from '../http/auth/auth.decorators';
import { bearerToken } from '../http/auth/token-verifier';
import { ProblemException } from '../http/problem-details.filter';
import { Unthrottled } from '../http/throttling/throttling';

/**
 * Whether an `Authorization` header carries exactly `Bearer <expected>`, compared in constant
 * time (both sides hashed first, so neither the token nor its length leaks through timing).
 *
 * @example
 * bearerMatches('Bearer s3cret-scrape-token', 's3cret-scrape-token'); // true
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = bearerToken(header) ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}

/**
 * Prometheus metrics. Open to scrapers by default; with `METRICS_TOKEN` set a scrape must send
 * `Authorization: Bearer <METRICS_TOKEN>` (401 Problem Details otherwise).
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
@Unthrottled()
export class MetricsController {
  constructor(
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected && !bearerMatches(req.headers.authorization, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new ProblemException({ status: 401, code: 'AUTH.UNAUTHENTICATED', detail: 'The metrics need an Authorization: Bearer <METRICS_TOKEN> header' });
    }
    return this.metrics.registry.metrics();
  }
}
