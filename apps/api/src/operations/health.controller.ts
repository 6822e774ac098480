import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { SqlDatabase } from '@app/event-store';
import { ProjectionManager } from '@app/projections';
import { QueueRuntime } from '@app/queue';
import { SQL_DATABASE } from '@app/runtime';
import { Public } from '../http/auth/auth.decorators';
import { Unthrottled } from '../http/throttling/throttling';

/** A projection this far behind the head is reported as lagging (but still ready). */
const LAG_WARNING = 10_000;

async function timed<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Controller('health')
@Public()
@Unthrottled()
export class HealthController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly queues: QueueRuntime,
    private readonly projections: ProjectionManager,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Store reachable; Redis reachable with maxmemory-policy noeviction; projections not stalled' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const store = await timed(this.db.query('SELECT 1'), 2000).then(
      () => ({ status: 'up' as const }),
      (error: Error) => ({ status: 'down' as const, error: error.message }),
    );
    const redisHealth = await timed(this.queues.health(), 2000).catch((error: Error) => ({ reachable: false, error: error.message, maxmemoryPolicy: undefined }));
    const redis = !redisHealth.reachable
      ? { status: 'down' as const, error: redisHealth.error }
      : redisHealth.maxmemoryPolicy !== 'noeviction'
        ? { status: 'down' as const, maxmemoryPolicy: redisHealth.maxmemoryPolicy, error: 'BullMQ needs maxmemory-policy noeviction: Redis may otherwise evict queued work' }
        : { status: 'up' as const, maxmemoryPolicy: redisHealth.maxmemoryPolicy };
    const generations = store.status === 'up' ? await timed(this.projections.status(), 2000).catch(() => []) : [];
    const stalled = generations.filter((g) => g.lastError);
    const projections = {
      status: stalled.length > 0 ? ('down' as const) : ('up' as const),
      lagging: generations.filter((g) => g.lag > LAG_WARNING).map((g) => g.name),
      items: generations.map((g) => ({ name: g.name, generation: g.generation, status: g.status, position: g.position, lag: g.lag, ...(g.lastError ? { error: g.lastError } : {}) })),
    };
    const ok = store.status === 'up' && redis.status === 'up' && projections.status === 'up';
    res.status(ok ? 200 : 503);
    if (!ok) res.setHeader('Retry-After', '5');
    return { status: ok ? 'ok' : 'unavailable', checks: { store, redis, projections } };
  }
}
