import { ExecutionContext, Injectable, Provider, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  normalizeIp,
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerOptions,
  ThrottlerRequest,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { EngineConfig } from '@app/config';
import { EngineMetrics } from '@app/observability';
import type { Logger } from '@app/observability';
import { CONFIG, LOGGER } from '@app/runtime';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import { ProblemException } from '../problem-details.filter';
import { RedisThrottlerStorage } from './redis-throttler-storage';

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

/** The route is never rate limited (health, metrics: probes and scrapers must always get through). */
export const Unthrottled = (): MethodDecorator & ClassDecorator =>
  SkipThrottle(Object.fromEntries(Object.values(THROTTLERS).map((name) => [name, true])));

/**
 * The named limits of a configuration. The route kind decides which apply: `public` on routes
 * marked `@Public()`, `address` and `subject` on every other, `costly` on `@Costly()` routes.
 *
 * @example
 * const options = throttlerOptions(config.rateLimit, new Reflector());
 */
export function throttlerOptions(limits: EngineConfig['rateLimit'], reflector: Reflector): ThrottlerModuleOptions {
  const flag = (key: string) => (context: ExecutionContext) => reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
  const isPublic = flag(PUBLIC_ROUTE);
  const isCostly = flag(COSTLY_ROUTE);
  const throttler = (name: string, limit: number, skipIf: (context: ExecutionContext) => boolean): ThrottlerOptions => ({
    name,
    limit,
    ttl: RATE_WINDOW_MS,
    // Over the limit, a client waits for the rest of the window (no longer block).
    blockDuration: 0,
    skipIf,
    generateKey: (_context, tracker) => tracker,
  });
  return {
    throttlers: [
      throttler(THROTTLERS.public, limits.public, (context) => !isPublic(context)),
      throttler(THROTTLERS.address, limits.address, isPublic),
      throttler(THROTTLERS.subject, limits.authenticated, isPublic),
      throttler(THROTTLERS.costly, limits.costly, (context) => isPublic(context) || !isCostly(context)),
    ],
  };
}

/** The fewest requests left under any limit of a response, for its `RateLimit-*` headers. */
const remainingOf = new WeakMap<object, number>();

/**
 * The engine's throttling guard: counts in Redis, answers 429 as Problem Details with
 * `Retry-After`, and tells clients where they stand with `RateLimit-Limit`, `-Remaining` and
 * `-Reset` (the tightest limit of the request). Each subclass runs a subset of the limits.
 */
abstract class EngineThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly names: readonly string[];

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => this.names.includes(throttler.name ?? ''));
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const name = throttler.name ?? 'default';
    const tracker = await getTracker(req, context);
    const record = await this.storageService.increment(generateKey(context, tracker, name), ttl, limit, blockDuration, name);
    const response = res as Response;
    if (record.isBlocked) {
      const retryAfter = Math.max(1, record.timeToBlockExpire);
      response.setHeader('Retry-After', String(retryAfter));
      setRateHeaders(response, limit, 0, retryAfter);
      throw new ProblemException({
        status: 429,
        code: 'REQUEST.RATE_LIMITED',
        detail: `Too many requests: at most ${limit} every ${Math.round(ttl / 1000)} s ${SCOPE[name] ?? ''}; retry in ${retryAfter} s`,
        details: { limit, windowSeconds: Math.round(ttl / 1000), scope: name, retryAfterSeconds: retryAfter },
      });
    }
    // No count means the store did not answer and the request goes through (fail-open): no headers.
    if (record.totalHits === 0) return true;
    const remaining = Math.max(0, limit - record.totalHits);
    if (remaining < (remainingOf.get(response) ?? Infinity)) {
      remainingOf.set(response, remaining);
      setRateHeaders(response, limit, remaining, record.timeToExpire);
    }
    return true;
  }
}

function setRateHeaders(response: Response, limit: number, remaining: number, resetSeconds: number): void {
  if (response.headersSent) return;
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', String(remaining));
  response.setHeader('RateLimit-Reset', String(resetSeconds));
}

/**
 * Limits by client address, registered before the authentication guard: it counts every
 * request, including those whose token or webhook signature turns out forged, so a burst of
 * forgeries is refused with 429 before any verification work. The address is Express's
 * `req.ip`, which follows `TRUST_PROXY`; IPv6 clients count by /64.
 */
@Injectable()
export class ClientThrottlerGuard extends EngineThrottlerGuard {
  protected readonly names = [THROTTLERS.public, THROTTLERS.address];

  protected override getTracker(req: Request): Promise<string> {
    return Promise.resolve(normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown'));
  }
}

/**
 * Limits by verified subject, registered after the authentication guard so it counts the
 * `sub` of a token the engine checked (never a claim it has not), and one user's burst leaves
 * colleagues behind the same office address unaffected.
 */
@Injectable()
export class SubjectThrottlerGuard extends EngineThrottlerGuard {
  protected readonly names = [THROTTLERS.subject, THROTTLERS.costly];

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(!context.switchToHttp().getRequest<Request>().principal);
  }

  protected override getTracker(req: Request): Promise<string> {
    return Promise.resolve(req.principal?.id ?? '');
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
          new RedisThrottlerStorage({ redisUrl: engine.redisUrl, prefix: engine.queuePrefix, logger: logger.child('rate-limits'), registry: metrics.registry }),
        inject: [CONFIG, LOGGER, EngineMetrics],
      },
      { provide: getOptionsToken(), useFactory: (engine: EngineConfig, reflector: Reflector) => throttlerOptions(engine.rateLimit, reflector), inject: [CONFIG, Reflector] },
      { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    ],
    afterAuthentication: [{ provide: APP_GUARD, useClass: SubjectThrottlerGuard }],
  };
}
