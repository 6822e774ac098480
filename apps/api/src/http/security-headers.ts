import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

/** Answers that are data (API, operations, the OpenAPI document) are never stored by a cache. */
const NO_STORE = /^\/(api|health|metrics|docs-json)(\/|$)/;

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

/** What every answer carries besides its policy (HSTS is added per request, below). */
const COMMON = {
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' as const },
  xFrameOptions: { action: 'deny' as const },
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
};

/**
 * Security headers of every answer (helmet): `X-Content-Type-Options: nosniff`, a Content
 * Security Policy with `frame-ancestors 'none'` (strict for the API, one Swagger UI works under
 * for `/docs`), `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`; `Cache-Control:
 * no-store` on the API, operations and OpenAPI answers (the console's files keep their own
 * caching). `Strict-Transport-Security` is sent only on requests that came over HTTPS (directly,
 * or `X-Forwarded-Proto: https` from a trusted proxy): over plain HTTP browsers ignore it, and a
 * deployment that serves HTTP on purpose must not be pinned to HTTPS by accident.
 *
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } });
  const docs = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  const hsts = strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const headers = DOCS.test(req.path) ? docs : api;
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (NO_STORE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
      if (req.secure) return hsts(req, res, next);
      next();
    });
  };
}
