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

type SendFileOptions = NonNullable<Parameters<Response['sendFile']>[1]>;

/** The precompressed copies the console build writes beside a file (`apps/console/build/assets.ts`), in the server's order of preference. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * The content coding to answer with, of those `offered` (in the server's order of preference),
 * for an `Accept-Encoding` header (RFC 9110 §12.5.3): the one with the highest q-value above 0,
 * the server's preference breaking ties; `*` stands for every coding not named; undefined means
 * the file as it is (no header, `identity`, or nothing acceptable offered).
 *
 * @example
 * chooseEncoding('gzip, deflate, br', ['br', 'gzip']); // 'br'
 * chooseEncoding('br;q=0, gzip', ['br', 'gzip']); // 'gzip'
 */
export function chooseEncoding(header: string | undefined, offered: readonly string[]): string | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim());
    if (!token) continue;
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*(.*)$/i.exec(param);
      // A weight that is not a number from 0 to 1 is not a yes.
      if (m) q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(m[1] ?? '') ? Number(m[1]) : 0;
    }
    weights.set(token.toLowerCase(), q);
  }
  let best: string | undefined;
  let bestQ = 0;
  for (const name of offered) {
    const q = weights.get(name) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = name;
      bestQ = q;
    }
  }
  return best;
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
      const caching = HASHED_ASSETS.test(path) ? { maxAge: '365d', immutable: true } : { cacheControl: false };
      const headers = HASHED_ASSETS.test(path) ? common : { 'Cache-Control': 'no-cache', ...common };
      sendVariant(req, res, file, { dotfiles: 'deny', ...caching }, headers, failed);
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
    sendVariant(req, res, index, { cacheControl: false }, { 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...common }, failed);
  };
}

/*
 * Sends `file`, or its precompressed copy in the coding the request prefers. Whenever a copy
 * exists the answer varies with Accept-Encoding, so a shared cache keeps the codings apart. A
 * compressed answer keeps the original's Content-Type, has the copy's length and takes no
 * ranges (a range of compressed bytes is of no use to a browser); the file as it is still does.
 */
function sendVariant(req: Request, res: Response, file: string, options: SendFileOptions, headers: Record<string, string>, done: (error?: Error) => void): void {
  const present = ENCODINGS.filter((e) => isFile(file + e.suffix));
  if (present.length === 0) {
    res.sendFile(file, { ...options, headers }, done);
    return;
  }
  res.vary('Accept-Encoding');
  const chosen = present.find((e) => e.name === chooseEncoding(req.get('Accept-Encoding'), present.map((p) => p.name)));
  if (!chosen) {
    res.sendFile(file, { ...options, headers }, done);
    return;
  }
  res.type(extname(file));
  res.sendFile(file + chosen.suffix, { ...options, acceptRanges: false, headers: { ...headers, 'Content-Encoding': chosen.name } }, done);
}
