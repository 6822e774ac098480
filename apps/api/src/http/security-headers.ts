import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

/** Answers that are data (API, operations, the OpenAPI document) are never stored by a cache. */
const NO_STORE = /^\/(api|health|metrics|docs-json|admin\/queues)(\/|$)/;

/** The queue dashboard (Bull Board) and its files. */
const QUEUES = /^\/admin\/queues(\/|$)/;

/** Swagger UI and its files. */
const DOCS = /^\/docs(\/|$)/;

/*
 * An API answer is data, never a page: it may load nothing and be framed by nobody. The console's
 * page sets its own policy (console-files.ts) over this one.
 */
const API_POLICY = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/*
 * Swagger UI loads its own scripts and styles from /docs and writes inline styles (its page
 * template and the components it renders), and "Try it out" calls the API on the same origin.
 */
const DOCS_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/*
 * Bull Board loads its scripts and styles from /admin/queues/static, writes inline styles (its
 * loading screen, its components) and calls its JSON API on the same origin. Its web font from
 * Google is not allowed: the page falls back to local fonts.
 */
const QUEUES_POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** What every answer carries besides its policy (HSTS is added per request, below). */
const COMMON = {
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' as const },
  xFrameOptions: { action: 'deny' as const },
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
};

/** The headers a middleware sets, in its order, and those it removes. */
export interface HeaderSet {
  readonly set: readonly (readonly [name: string, value: string])[];
  readonly removed: readonly string[];
}

/**
 * The headers a helmet middleware writes, read once by running it against a recording
 * response. Every helmet middleware configured here writes constants (no directive is a
 * function of the request), so the set is the same for every answer.
 */
export function headersOf(middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): HeaderSet {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let failure: unknown;
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
    finished = true;
  });
  if (!finished || failure) throw new Error(`security headers could not be computed once: ${String(failure ?? 'the middleware did not finish')}`);
  return { set, removed };
}

function apply(res: Response, headers: HeaderSet): void {
  for (const name of headers.removed) res.removeHeader(name);
  for (const [name, value] of headers.set) res.setHeader(name, value);
}

/**
 * Security headers of every answer (helmet's, computed once at start): `X-Content-Type-Options:
 * nosniff`, a Content Security Policy with `frame-ancestors 'none'` (strict for the API, one
 * Swagger UI works under for `/docs`, one for Bull Board under `/admin/queues`), `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
 * `Cache-Control: no-store` on the API, operations and OpenAPI answers (the console's files keep
 * their own caching). `Strict-Transport-Security` is sent only on requests that came over HTTPS
 * (directly, or `X-Forwarded-Proto: https` from a trusted proxy): over plain HTTP browsers ignore
 * it, and a deployment that serves HTTP on purpose must not be pinned to HTTPS by accident.
 *
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler {
  const api = headersOf(helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } }));
  const docs = headersOf(helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } }));
  const queues = headersOf(helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: QUEUES_POLICY } }));
  const hsts = headersOf(strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: false }));
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    apply(res, DOCS.test(path) ? docs : QUEUES.test(path) ? queues : api);
    if (NO_STORE.test(path)) res.setHeader('Cache-Control', 'no-store');
    if (req.secure) apply(res, hsts);
    next();
  };
}
