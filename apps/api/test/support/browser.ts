import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's Chromium, which the browser tests drive (`.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium';
/** The repository's root. */
export const ROOT = resolve(__dirname, '../../../..');
/** Where `npm run build:console` writes the console. */
export const CONSOLE_DIST = join(ROOT, 'dist/console');

/** The newest modification time of the files under a folder. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds the console first; a run of one browser test alone builds it when it is missing or
 * older than its sources — as `npm run build:console` does, for production (Jest's NODE_ENV=test would
 * give React's development build, whose StrictMode runs every effect twice).
 */
export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const sources = Math.max(newestSource(join(ROOT, 'apps/console/src')), statSync(join(ROOT, 'apps/console/index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mjs', '--configLoader', 'runner', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

/** `describe` where Chromium is installed, else `describe.skip` (the test names say how to install it). */
export const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
