import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EngineConfig } from '@app/config';
import type { QueueRuntime } from '@app/queue';
import { CONFIG, InvalidTokenError, Principal } from '@app/runtime';
import { bearerToken, TokenVerifier } from '../http/auth/token-verifier';

/** Where the dashboard is served (outside the `/api/v1` prefix, so no Nest route or guard sees it). */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The name of the dashboard's session cookie (sent only to {@link QUEUE_DASHBOARD_PATH}). */
export const QUEUE_SESSION_COOKIE = 'queue_dashboard_session';

/** A session lasts at most this long, and never beyond the token it was opened with. */
export const QUEUE_SESSION_MAX_SECONDS = 3600;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Signed session values of the queue dashboard: `base64url({ sub, exp }).HMAC-SHA256`. The key
 * is derived (HKDF) from `AUTH_JWT_SECRET`, so every API instance accepts the others' cookies;
 * with public-key tokens (no shared secret) it is random per process, and a session opened on
 * one instance is only good on that one.
 */
@Injectable()
export class QueueDashboardSessions {
  private readonly key: Buffer;

  constructor(@Inject(CONFIG) config: EngineConfig) {
    this.key = config.auth.secret
      ? Buffer.from(hkdfSync('sha256', config.auth.secret, 'grants-queue-dashboard', 'queue dashboard session', 32))
      : randomBytes(32);
  }

  /**
   * A session value for an admin, with its lifetime in seconds: at most one hour and never
   * beyond the token's own expiry.
   */
  open(principal: Principal, nowSeconds = Math.floor(Date.now() / 1000)): { value: string; maxAge: number } {
    const exp = Math.min(principal.token.exp, nowSeconds + QUEUE_SESSION_MAX_SECONDS);
    const payload = base64url(JSON.stringify({ sub: principal.id, exp }));
    return { value: `${payload}.${this.sign(payload)}`, maxAge: Math.max(0, exp - nowSeconds) };
  }

  /** The subject of a valid, unexpired session value; undefined for anything else. */
  check(value: string, nowSeconds = Math.floor(Date.now() / 1000)): string | undefined {
    const [payload, signature, extra] = value.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
      return typeof sub === 'string' && typeof exp === 'number' && exp > nowSeconds ? sub : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** One cookie of a `Cookie` header, undefined when absent. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison of two strings (of any lengths). */
function sameText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)$/i;

function problem(res: Response, status: 401 | 403, code: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, code, detail });
}

export interface QueueDashboardAccess {
  readonly config: EngineConfig;
  readonly sessions: QueueDashboardSessions;
  readonly tokens: TokenVerifier;
}

/**
 * Admits an admin to the dashboard, by (in order) the session cookie of
 * `POST /api/v1/admin/queue-session`, HTTP basic credentials when they are configured, or an
 * admin's bearer token (for scripts). Anything else: 401 (with `WWW-Authenticate: Basic` only
 * when basic credentials are configured), or 403 for a valid token without the admin role.
 */
export function queueDashboardGuard({ config, sessions, tokens }: QueueDashboardAccess): RequestHandler {
  const basic = config.queueDashboard.basic;
  const refuse = (res: Response, detail: string) => {
    if (basic) res.setHeader('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"');
    problem(res, 401, 'AUTH.UNAUTHENTICATED', detail);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const cookie = cookieOf(req.headers.cookie, QUEUE_SESSION_COOKIE);
    if (cookie && sessions.check(cookie)) return next();
    const authorization = req.headers.authorization;
    const credentials = BASIC.exec(authorization ?? '')?.[1];
    if (credentials !== undefined) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      // Both compared always, so the time taken says nothing about which one was wrong.
      const userOk = basic !== undefined && at >= 0 && sameText(decoded.slice(0, at), basic.user);
      const passwordOk = basic !== undefined && at >= 0 && sameText(decoded.slice(at + 1), basic.password);
      return userOk && passwordOk ? next() : refuse(res, 'The credentials are not accepted');
    }
    const token = bearerToken(authorization);
    if (!token) return refuse(res, 'Sign in as an admin: open the dashboard from the console, or send credentials');
    tokens.verify(token).then(
      (principal) => (principal.roles.includes('admin') ? next() : problem(res, 403, 'AUTH.ROLE_NOT_ALLOWED', 'The queue dashboard needs the role admin')),
      (error: unknown) => (error instanceof InvalidTokenError ? refuse(res, 'The token is not accepted') : next(error)),
    );
  };
}

/**
 * Serves Bull Board at {@link QUEUE_DASHBOARD_PATH} on the engine's BullMQ queues, behind
 * {@link queueDashboardGuard} (its pages, API and static files alike). Read-only unless
 * `QUEUE_DASHBOARD_WRITE=on`.
 *
 * @example
 * app.use(QUEUE_DASHBOARD_PATH, ...queueDashboard(queues, access));
 */
export function queueDashboard(queues: QueueRuntime, access: QueueDashboardAccess): RequestHandler[] {
  const server = new ExpressAdapter();
  server.setBasePath(QUEUE_DASHBOARD_PATH);
  const readOnlyMode = !access.config.queueDashboard.write;
  createBullBoard({
    queues: queues.bullQueues().map((queue) => new BullMQAdapter(queue, { readOnlyMode })),
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Grants queues' } },
  });
  return [queueDashboardGuard(access), server.getRouter() as RequestHandler];
}
