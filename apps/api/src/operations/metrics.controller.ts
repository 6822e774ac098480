import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EngineMetrics } from '@app/observability';
import { Public } from '../http/auth/auth.decorators';
import { Unthrottled } from '../http/throttling/throttling';

@ApiExcludeController()
@Controller('metrics')
@Public()
@Unthrottled()
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
