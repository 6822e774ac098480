import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths the console never answers: the API, its docs and the operations endpoints keep their own 404s. */
const RESERVED = /^\/(api|docs|docs-json|health|metrics)(\/|$)/;

/** Vite puts content-hashed bundles here; a changed file gets a new name, so they may be cached for a year. */
const HASHED_ASSETS = /^\/assets\//;

/*
 * The console page may only load its own scripts and talk to its own origin. Styles allow
 * 'unsafe-inline' because Chart.js sizes its canvas with inline styles. Dossier previews show
 * bytes the page fetched with its token through blob: URLs (a picture, a PDF in a frame, which
 * the browser renders with its PDF plug-in), so blob: is allowed for those three only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  'frame-src blob:',
  "connect-src 'self'",
  "font-src 'self'",
  'object-src blob:',
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where `npm run build:console` writes the console: `dist/console` of the repository, found by
 * walking up from this file to the `package.json`. That is the same place whether this file runs
 * from `dist/apps/api/src/console` (after `npm run build`) or from the sources (tests).
 */
export function findConsoleDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'console');
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built console: its files with caching fit for each (hashed assets for a year, the
 * page itself never from cache, so a new deployment shows at the next load), and `index.html` for
 * every other GET that names no file, so client routes such as `/projects/…` survive a reload.
 * `/api`, `/docs`, `/health` and `/metrics` pass through untouched, as do non-GET requests.
 *
 * @example
 * expressApp.use(consoleFiles(findConsoleDir()));
 */
export function consoleFiles(root: string): RequestHandler {
  const base = resolve(root);
  const index = join(base, 'index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = resolve(base, `.${path}`);
    // A path that climbs out of the console folder is not ours to answer.
    if (file !== base && !file.startsWith(base + sep)) return next();
    const common = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    const failed = (error: Error | undefined) => {
      if (error && !res.headersSent) next(error);
    };
    if (path !== '/' && isFile(file)) {
      const caching = HASHED_ASSETS.test(path)
        ? { maxAge: '365d', immutable: true, headers: common }
        : { cacheControl: false, headers: { 'Cache-Control': 'no-cache', ...common } };
      res.sendFile(file, { dotfiles: 'deny', ...caching }, failed);
      return;
    }
    // A missing file (an old hashed bundle, a typo) is a real 404, not the page.
    if (extname(path) !== '' || HASHED_ASSETS.test(path)) return next();
    if (!isFile(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .set('Cache-Control', 'no-store')
        .send('The web console is not built. Run `npm run build` (or `npm run build:console`) and reload.\n');
      return;
    }
    res.sendFile(index, { cacheControl: false, headers: { 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...common } }, failed);
  };
}
