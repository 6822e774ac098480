import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/**
 * Files below the edge that speak HTTP as a client: the outbound webhook sender and its retry
 * policy read the statuses of other servers' answers. They never choose a status of the engine's.
 */
const HTTP_CLIENTS = ['libs/webhooks/src/retry/retry-schedule.ts', 'libs/webhooks/src/outbound/webhook-sender.ts'];

/** A status chosen in code: `status = 404`, `statusCode: 201`, `new XError(409, …)`, Nest's helpers. */
const STATUS_PATTERNS: readonly RegExp[] = [
  /\b(status|statusCode|httpStatus|successStatus)\s*[:=]\s*[1-5]\d\d\b/,
  /\bsuccessStatus\b/,
  /\bnew \w+Error\(\s*[1-5]\d\d\b/,
  /\bHttp(Status|Exception)\b/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('HTTP statuses live only in apps/api', () => {
  it('no library below the edge chooses an HTTP status', () => {
    const found = sources(join(ROOT, 'libs'))
      .filter((path) => !HTTP_CLIENTS.includes(relative(ROOT, path)))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(ROOT, path)}:${i + 1}` }))
          .filter(({ line }) => STATUS_PATTERNS.some((pattern) => pattern.test(line))),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(found).toEqual([]);
  });

  it('the patterns catch a status written in a library', () => {
    const lines = ['  readonly status = 404;', "return { statusCode: 201, body };", "throw new WebhookRequestError(409, 'X.Y', 'no');", "import { HttpStatus } from '@nestjs/common';"];
    expect(lines.filter((line) => STATUS_PATTERNS.some((pattern) => pattern.test(line)))).toEqual(lines);
  });
});
