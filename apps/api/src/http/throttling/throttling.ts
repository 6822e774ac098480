import { CanActivate, ExecutionContext, Inject, Injectable, Provider, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { getOptionsToken, getStorageToken, normalizeIp } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { EngineConfig } from '@app/config';
import { EngineMetrics } from '@app/observability';
import type { Logger } from '@app/observability';
import { CONFIG, LOGGER } from '@app/runtime';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import { AUTHENTICATION_REFUSALS } from '../auth/auth.guard';
import type { AuthenticationRefusals } from '../auth/auth.guard';
import { ProblemException } from '../problem-details.filter';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import type { LimitHit, LimitRecord } from './redis-throttler-storage';

/** Every limit counts requests over one minute. */
export const RATE_WINDOW_MS = 60_000;

/** The named limits (`@nestjs/throttler` throttlers) and whom each counts. */
export const THROTTLERS = {
  /** Routes without a token (finance webhook, sign-in), per client address. */
  public: 'public',
  /** Token routes, per client address, counted before the token is checked. */
  address: 'address',
  /** Token routes, per verified subject. */
  subject: 'subject',
  /** Costly token routes, per verified subject, on top of `subject`. */
  costly: 'costly',
} as const;

const SCOPE: Record<string, string> = {
  public: 'per client address on routes without a token',
  address: 'per client address',
  subject: 'per user',
  costly: 'per user on audit verification and exports',
};

const COSTLY_ROUTE = 'grants:costly';

/** The route is expensive to serve (whole-log verification, exports): `RATE_LIMIT_COSTLY` applies. */
export const Costly = (): MethodDecorator & ClassDecorator => SetMetadata(COSTLY_ROUTE, true);

const UNTHROTTLED_ROUTE = 'grants:unthrottled';

/** The route is never rate limited (health, metrics: probes and scrapers must always get through). */
export const Unthrottled = (): MethodDecorator & ClassDecorator => SetMetadata(UNTHROTTLED_ROUTE, true);

/**
 * The named limits of a configuration. The route kind decides which apply (see
 * {@link RateLimits}): `public` on routes marked `@Public()`, `address` and `subject` on every
 * other, `costly` on `@Costly()` routes, none on `@Unthrottled()` routes.
 *
 * @example
 * const options = throttlerOptions(config.rateLimit);
 */
export function throttlerOptions(limits: EngineConfig['rateLimit']): ThrottlerModuleOptions {
  // Over the limit, a client waits for the rest of the window (no longer block).
  const throttler = (name: string, limit: number): ThrottlerOptions => ({ name, limit, ttl: RATE_WINDOW_MS, blockDuration: 0 });
  return {
    throttlers: [
      throttler(THROTTLERS.public, limits.public),
      throttler(THROTTLERS.address, limits.address),
      throttler(THROTTLERS.subject, limits.authenticated),
      throttler(THROTTLERS.costly, limits.costly),
    ],
  };
}

/** Which limits a route takes (see {@link throttlerOptions}), resolved once per handler. */
type RouteKind = 'unthrottled' | 'public' | 'token' | 'costly';

/** Most client addresses remembered as over a limit in one process. */
const OVER_LIMIT_MEMORY = 10_000;

/**
 * The engine's rate limits on a request: counts in Redis (every limit of a request in one round
 * trip), answers 429 as Problem Details with `Retry-After`, and tells clients where they stand
 * with `RateLimit-Limit`, `-Remaining` and `-Reset` (the tightest limit of the request).
 *
 * On token routes the client address is counted together with the verified subject after
 * authentication, or alone when authentication refuses the request (forged or missing token,
 * role not allowed): every request counts against its address either way, in one Redis call.
 * A client address found over a limit is remembered in the process until its window ends, so
 * its further requests are refused before any verification work and without asking Redis
 * (counts only grow within a window, so the answer cannot change before it ends).
 *
 * @example
 * await limits.countPublic(context); // before authentication, on `@Public()` routes
 * await limits.countAuthenticated(context); // after it, with the verified principal
 */
@Injectable()
export class RateLimits implements AuthenticationRefusals {
  private readonly kinds = new WeakMap<object, RouteKind>();
  /** Each named limit's numbers, read from the options once. */
  private readonly limits = new Map<string, Pick<LimitHit, 'limit' | 'blockDuration'>>();
  /** `<limit>:<address>` → time (ms) the client's refusal ends. */
  private readonly overLimit = new Map<string, number>();

  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) private readonly storage: RedisThrottlerStorage,
    private readonly reflector: Reflector,
  ) {
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    for (const { name, limit, blockDuration } of throttlers) {
      this.limits.set(name ?? 'default', {
        limit: typeof limit === 'number' ? limit : Number.MAX_SAFE_INTEGER,
        blockDuration: typeof blockDuration === 'number' ? blockDuration : 0,
      });
    }
  }

  /**
   * Before authentication: `public` on `@Public()` routes; on token routes, a known-over address
   * is refused. Only a public route waits for Redis (a promise); the rest is decided at once
   * (`undefined`, or a thrown refusal).
   */
  countBeforeAuthentication(context: ExecutionContext): Promise<void> | undefined {
    const kind = this.kindOf(context);
    if (kind === 'unthrottled') return undefined;
    const address = addressOf(context.switchToHttp().getRequest<Request>());
    if (kind === 'public') {
      this.refuseKnownOver(context, THROTTLERS.public, address);
      return this.count(context, [this.hit(THROTTLERS.public, address)]);
    }
    this.refuseKnownOver(context, THROTTLERS.address, address);
    return undefined;
  }

  /** After authentication: the client address, the verified subject and, on costly routes, `costly`, in one call. */
  async countAuthenticated(context: ExecutionContext): Promise<void> {
    const kind = this.kindOf(context);
    const request = context.switchToHttp().getRequest<Request>();
    if ((kind !== 'token' && kind !== 'costly') || !request.principal) return;
    const hits = [this.hit(THROTTLERS.address, addressOf(request)), this.hit(THROTTLERS.subject, request.principal.id)];
    if (kind === 'costly') hits.push(this.hit(THROTTLERS.costly, request.principal.id));
    await this.count(context, hits);
  }

  /** Authentication refused the request: it still counts against the client address (429 when over). */
  async refused(context: ExecutionContext): Promise<void> {
    const kind = this.kindOf(context);
    if (kind !== 'token' && kind !== 'costly') return;
    await this.count(context, [this.hit(THROTTLERS.address, addressOf(context.switchToHttp().getRequest<Request>()))]);
  }

  private hit(name: string, tracker: string): LimitHit {
    const { limit, blockDuration } = this.limits.get(name) ?? { limit: Number.MAX_SAFE_INTEGER, blockDuration: 0 };
    return { name, tracker, limit, ttl: RATE_WINDOW_MS, blockDuration };
  }

  private async count(context: ExecutionContext, hits: LimitHit[]): Promise<void> {
    const records = await this.storage.hitAll(hits);
    // No count means the store did not answer and the request goes through (fail-open): no headers.
    if (!records) return;
    const response = context.switchToHttp().getResponse<Response>();
    let tightest: LimitRecord | undefined;
    for (const record of records) {
      if (record.isBlocked) {
        if (record.hit.name !== THROTTLERS.subject && record.hit.name !== THROTTLERS.costly) this.remember(record);
        refuse(response, record.hit, record.timeToBlockExpire);
      }
      if (!tightest || record.hit.limit - record.totalHits < tightest.hit.limit - tightest.totalHits) tightest = record;
    }
    if (tightest) setRateHeaders(response, tightest.hit.limit, Math.max(0, tightest.hit.limit - tightest.totalHits), tightest.timeToExpire);
  }

  private refuseKnownOver(context: ExecutionContext, name: string, address: string): void {
    const key = `${name}:${address}`;
    const until = this.overLimit.get(key);
    if (until === undefined) return;
    const left = until - Date.now();
    if (left <= 0) {
      this.overLimit.delete(key);
      return;
    }
    this.storage.refusedLocally(name);
    refuse(context.switchToHttp().getResponse<Response>(), this.hit(name, address), Math.max(1, Math.ceil(left / 1000)));
  }

  private remember(record: LimitRecord): void {
    if (this.overLimit.size >= OVER_LIMIT_MEMORY) {
      const now = Date.now();
      for (const [key, until] of this.overLimit) if (until <= now) this.overLimit.delete(key);
      // Still full: forget the oldest (it is asked of Redis again, which refuses it as well).
      if (this.overLimit.size >= OVER_LIMIT_MEMORY) this.overLimit.delete(this.overLimit.keys().next().value as string);
    }
    this.overLimit.set(`${record.hit.name}:${record.hit.tracker}`, Date.now() + record.blockedMs);
  }

  private kindOf(context: ExecutionContext): RouteKind {
    const handler = context.getHandler();
    const known = this.kinds.get(handler);
    if (known) return known;
    const targets = [handler, context.getClass()];
    const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, targets) === true;
    const kind: RouteKind = flag(UNTHROTTLED_ROUTE) ? 'unthrottled' : flag(PUBLIC_ROUTE) ? 'public' : flag(COSTLY_ROUTE) ? 'costly' : 'token';
    this.kinds.set(handler, kind);
    return kind;
  }
}

/** Most client addresses whose normalized form is remembered (a fresh map is started when full). */
const NORMALIZED_MEMORY = 10_000;

/** Client address as Express gives it → the form limits count it by (IPv6 by /64, IPv4-mapped as IPv4). */
let normalized = new Map<string, string>();

function addressOf(request: Request): string {
  const raw = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  let address = normalized.get(raw);
  if (address === undefined) {
    address = normalizeIp(raw);
    if (normalized.size >= NORMALIZED_MEMORY) normalized = new Map();
    normalized.set(raw, address);
  }
  return address;
}

function refuse(response: Response, hit: LimitHit, retryAfter: number): never {
  const windowSeconds = Math.round(hit.ttl / 1000);
  response.setHeader('Retry-After', String(retryAfter));
  setRateHeaders(response, hit.limit, 0, retryAfter);
  throw new ProblemException({
    status: 429,
    code: 'REQUEST.RATE_LIMITED',
    detail: `Too many requests: at most ${hit.limit} every ${windowSeconds} s ${SCOPE[hit.name] ?? ''}; retry in ${retryAfter} s`,
    details: { limit: hit.limit, windowSeconds, scope: hit.name, retryAfterSeconds: retryAfter },
  });
}

function setRateHeaders(response: Response, limit: number, remaining: number, resetSeconds: number): void {
  if (response.headersSent) return;
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', String(remaining));
  response.setHeader('RateLimit-Reset', String(resetSeconds));
}

/**
 * Limits by client address, registered before the authentication guard: `public` on routes
 * without a token. On token routes the address is counted by the authentication's outcome (with
 * the subject, or alone on a refusal), so a forged token or webhook signature counts too; an
 * address already over its limit is refused here, before any verification work. The address is
 * Express's `req.ip`, which follows `TRUST_PROXY`; IPv6 clients count by /64.
 */
@Injectable()
export class ClientThrottlerGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // Token routes are decided without waiting, so the guard answers at once (no promise to await).
    const pending = this.limits.countBeforeAuthentication(context);
    return pending ? pending.then(() => true) : true;
  }
}

/**
 * Limits by verified subject, registered after the authentication guard so it counts the
 * `sub` of a token the engine checked (never a claim it has not), and one user's burst leaves
 * colleagues behind the same office address unaffected. It counts the client address in the
 * same Redis call.
 */
@Injectable()
export class SubjectThrottlerGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.countAuthenticated(context);
    return true;
  }
}

/**
 * The rate-limit providers of a configuration, in the two places they go among the global guards:
 * `beforeAuthentication` (the Redis storage, the limits, the per-address guard) and
 * `afterAuthentication` (the per-subject guard). Both are empty with `RATE_LIMIT=off`.
 *
 * @example
 * const throttling = throttlingProviders(config);
 * providers: [...throttling.beforeAuthentication, { provide: APP_GUARD, useClass: AuthGuard }, ...throttling.afterAuthentication]
 */
export function throttlingProviders(config: EngineConfig): { beforeAuthentication: Provider[]; afterAuthentication: Provider[] } {
  if (!config.rateLimit.enabled) return { beforeAuthentication: [], afterAuthentication: [] };
  return {
    beforeAuthentication: [
      {
        provide: getStorageToken(),
        useFactory: (engine: EngineConfig, logger: Logger, metrics: EngineMetrics) =>
          new RedisThrottlerStorage({ redisUrl: engine.redisUrl, redisSentinel: engine.redisSentinel, prefix: engine.queuePrefix, logger: logger.child('rate-limits'), registry: metrics.registry }),
        inject: [CONFIG, LOGGER, EngineMetrics],
      },
      { provide: getOptionsToken(), useFactory: (engine: EngineConfig) => throttlerOptions(engine.rateLimit), inject: [CONFIG] },
      RateLimits,
      { provide: AUTHENTICATION_REFUSALS, useExisting: RateLimits },
      { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    ],
    afterAuthentication: [{ provide: APP_GUARD, useClass: SubjectThrottlerGuard }],
  };
}
