import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SqlDatabase } from '@app/event-store';
import { ProjectionManager, ReadRouting } from '@app/projections';
import { QueueRuntime } from '@app/queue';
import { SQL_DATABASE } from '@app/runtime';
import { FinanceInbound } from '@app/webhooks';
import { Public } from '../http/auth/auth.decorators';
import { bearerToken, TokenVerifier } from '../http/auth/token-verifier';
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

/** A check of readiness: `up` or `down`, with what an operator needs to see why. */
type Check = { readonly status: 'up' | 'down' } & Readonly<Record<string, unknown>>;

/**
 * Liveness and readiness. Readiness is open to every probe but says only `{ status }` to
 * anonymous callers; the per-check detail (with any error text of the database or Redis) goes
 * to an operator, a caller whose bearer token is valid and has the `admin` role.
 */
@ApiTags('operations')
@Controller('health')
@Public()
@Unthrottled()
export class HealthController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly queues: QueueRuntime,
    private readonly projections: ProjectionManager,
    private readonly tokens: TokenVerifier,
    private readonly financeInbound: FinanceInbound,
    private readonly readRouting: ReadRouting,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Store reachable; Redis reachable with maxmemory-policy noeviction; projections not stalled',
    description: 'Anonymous callers get { status } alone; an admin bearer token adds the detail of every check ({ status, checks }).',
  })
  @ApiOkResponse({
    description:
      '{ status: "ok" } (with an admin token: { status, checks: { store, redis, projections, financeInbox, readReplica } }; financeInbox is "attention" when a finance event has been parked for over a day, and readReplica (with DATABASE_READ_URL) "down" while reads go to the primary: neither makes the engine unready)',
  })
  @ApiServiceUnavailableResponse({ description: '{ status: "unavailable" }, Retry-After: 5 (with an admin token: the checks that failed and why)' })
  async ready(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const checks = await this.checks();
    const ok = Object.values(checks).every((check) => check.status === 'up');
    res.status(ok ? 200 : 503);
    if (!ok) res.setHeader('Retry-After', '5');
    const status = ok ? 'ok' : 'unavailable';
    if (!(await this.isOperator(req))) return { status };
    // Informational: finance events parked for more than a day need a person, not a restart.
    const financeInbox = checks.store?.status === 'up' ? await timed(this.financeInbound.inboxHealth(), 2000).catch(() => undefined) : undefined;
    // Informational too: reads go to the primary while the replica is away.
    const readReplica = await this.replicaCheck();
    return { status, checks: { ...checks, ...(financeInbox ? { financeInbox } : {}), ...(readReplica ? { readReplica } : {}) } };
  }

  /** The read replica of DATABASE_READ_URL, when there is one: `up`, or `down` with why. */
  private async replicaCheck(): Promise<Check | undefined> {
    const replica = this.readRouting.replica;
    if (!replica) return undefined;
    return timed(replica.query('SELECT 1'), 2000).then(
      () => ({ status: 'up' as const }),
      (error: Error) => ({ status: 'down' as const, error: error.message, reads: 'on the primary' }),
    );
  }

  /** Every check readiness needs, by name; a new one is a new entry. */
  private async checks(): Promise<Record<string, Check>> {
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
    return { store, redis, projections };
  }

  /**
   * Whether the caller is an operator: a bearer token the engine accepts, with the `admin` role.
   * Any other caller (no token, a refused one, another role) is answered as anonymous, never
   * 401, so a probe that sends a stale token still reads readiness.
   */
  private async isOperator(req: Request): Promise<boolean> {
    const token = bearerToken(req.headers.authorization);
    if (!token) return false;
    try {
      const principal = await this.tokens.verify(token);
      return principal.roles.includes('admin');
    } catch {
      return false;
    }
  }
}
