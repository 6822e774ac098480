/**
 * The console's load, cold, on a throttled profile: the Largest Contentful Paint of the board in
 * Debian's Chromium (playwright-core, headless) with CDP's network emulation (150 ms round trip,
 * 1.6 Mbit/s = 200,000 bytes/s both ways) and CPU throttling (4x), a fresh browser context (empty
 * cache) each load. The engine runs in this process on a throw-away schema with a programme of
 * BENCH_CONSOLE_PROJECTS (default 40) drafts on the board, signed-in as its officer.
 *
 * Variants, interleaved load by load over BENCH_CONSOLE_RUNS (default 5) rounds, medians:
 * - `compressed`: the build as the engine serves it (brotli when the browser accepts it);
 * - `identity`: the same build with Accept-Encoding removed before the engine sees it, the
 *   uncompressed baseline of the same run;
 * - `before` (only with BENCH_CONSOLE_BEFORE_DIR=<a dist/console built from an older commit>):
 *   that build, uncompressed, as the engine served it before precompression.
 * LCP is read from a PerformanceObserver('largest-contentful-paint') in the page once the board
 * shows its cards and the network is idle; transferred bytes are CDP's encoded lengths.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import IORedis from 'ioredis';
import { chromium, type Browser } from 'playwright-core';
import { FixedClock } from '@app/application';
import { parseConfig } from '@app/config';
import { silentLogger } from '@app/observability';
import { signToken } from '@app/runtime';
import { createEngineApp } from '../apps/api/src/bootstrap';
import { consoleFiles } from '../apps/api/src/console/console-files';
import { benchSchemaName, dropSchema } from './bench-schema';
import { serverStartSettings } from './config';
import { draftBody } from './http/engine-under-test';
import { deletePrefix } from './redis-keys';
import { round2 } from './stats';

export interface ConsoleBenchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly log?: (line: string) => void;
}

type VariantName = 'compressed' | 'identity' | 'before';

export interface ConsoleLoadFigures {
  readonly lcpMs: number;
  /** Bytes over the wire for the whole load (page, scripts, styles, API answers). */
  readonly transferKb: number;
  readonly runsMs: readonly number[];
}

export interface ConsoleFigures {
  readonly profile: string;
  readonly runs: number;
  readonly projects: number;
  readonly compressed: ConsoleLoadFigures;
  readonly identity: ConsoleLoadFigures;
  readonly before?: ConsoleLoadFigures;
  /** Median LCP compressed / identity (below 1: compression helps). */
  readonly ratio: number;
  readonly goalMs: number;
}

const CHROMIUM = '/usr/bin/chromium';
const SECRET = randomBytes(32).toString('hex');
const ISSUER = 'https://id.bench.invalid';
const AUDIENCE = 'grants-engine-bench';
/** The profile of the goal: a provincial 4G link and a slow phone. */
const LATENCY_MS = 150;
const BYTES_PER_SEC = 200_000;
/** BENCH_CONSOLE_CPU_SLOWDOWN=1 leaves the CPU alone, to tell the network's share from the CPU's. */
const CPU_SLOWDOWN = Number(process.env.BENCH_CONSOLE_CPU_SLOWDOWN || 4);
const GOAL_MS = 1500;

/** Records the largest contentful paint in the page, from its first byte (an init script, so before any of the page's own). */
const OBSERVE_LCP = `
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** One cold load of the board: its LCP in ms and the bytes transferred. */
async function loadOnce(browser: Browser, url: string, token: string): Promise<{ lcp: number; bytes: number; timeline: string[] }> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(`localStorage.setItem('console.token', ${JSON.stringify(token)});${OBSERVE_LCP}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: BYTES_PER_SEC, uploadThroughput: BYTES_PER_SEC });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    let bytes = 0;
    const started = new Map<string, { url: string; at: number }>();
    const timeline: string[] = [];
    let origin: number | undefined;
    cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string }; timestamp: number }) => {
      origin ??= event.timestamp;
      started.set(event.requestId, { url: event.request.url, at: event.timestamp });
    });
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number; timestamp: number }) => {
      bytes += event.encodedDataLength;
      const request = started.get(event.requestId);
      if (request && origin !== undefined) {
        const path = new URL(request.url).pathname + new URL(request.url).search;
        timeline.push(`${String(Math.round((request.at - origin) * 1000)).padStart(6)} → ${String(Math.round((event.timestamp - origin) * 1000)).padStart(6)} ms ${String(event.encodedDataLength).padStart(8)} B  ${path.slice(0, 90)}`);
      }
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForSelector('.project-card', { timeout: 60_000 }).catch(async (error: unknown) => {
      const text = await page.locator('body').innerText().catch(() => '');
      throw new Error(`the board showed no project at ${url}: ${text.replace(/\s+/g, ' ').slice(0, 400)}`, { cause: error });
    });
    await page.waitForLoadState('networkidle', { timeout: 60_000 });
    const lcp = await page.evaluate('window.__lcp');
    return { lcp: Number(lcp), bytes, timeline };
  } finally {
    await context.close();
  }
}

export async function runConsoleBench(options: ConsoleBenchOptions): Promise<ConsoleFigures | undefined> {
  const log = options.log ?? (() => undefined);
  if (!existsSync(CHROMIUM)) {
    log(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    return undefined;
  }
  const runs = Number(process.env.BENCH_CONSOLE_RUNS || 5);
  const projects = Number(process.env.BENCH_CONSOLE_PROJECTS || 40);
  const beforeDir = process.env.BENCH_CONSOLE_BEFORE_DIR;
  const schema = benchSchemaName();
  const prefix = `bench-console-${process.pid}-${randomBytes(3).toString('hex')}`;
  const config = parseConfig({
    ...serverStartSettings({ databaseUrl: options.databaseUrl, schema, redisUrl: options.redisUrl, prefix, jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE }),
    LOG_LEVEL: 'error',
  });
  const clock = new FixedClock(new Date('2026-01-02T02:00:00Z'));
  // With its worker: the board's list is a projection the worker keeps.
  const app = await createEngineApp({ config, worker: true, migrate: true, clock, logger: silentLogger });
  const servers: Server[] = [];
  let browser: Browser | undefined;
  const samples: Record<VariantName, { lcp: number; bytes: number }[]> = { compressed: [], identity: [], before: [] };
  try {
    await app.listen(0, '127.0.0.1');
    const engineUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const engine = app.getHttpAdapter().getInstance() as Express;
    const token = (sub: string, roles: string[], extra: Record<string, unknown> = {}) =>
      signToken(SECRET, { sub, roles, ...extra } as never, 3600 * 4, { issuer: ISSUER, audience: AUDIENCE });
    const call = async (path: string, who: string, body: unknown): Promise<{ id: string }> => {
      const res = await fetch(`${engineUrl}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${who}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return (await res.json()) as { id: string };
    };
    const admin = token('admin-1', ['admin']);
    const officer = token('demo-officer', ['officer'], { name: 'Nguyễn Văn Tâm', areas: ['80'] });
    const programme = await call('/programmes', admin, {
      code: 'KCDP-LA-2026-BENCH',
      name: 'Khuyến công địa phương (benchmark)',
      year: 2026,
      fundingSource: 'local',
      province: '80',
      budgetVnd: 10_000_000_000,
      policyId: 'vn-longan-local-2022',
      registrationOpensOn: '2026-01-05',
      registrationClosesOn: '2026-05-20',
    });
    clock.set('2026-03-02T02:00:00Z');
    for (let n = 1; n <= projects; n += 1) await call('/projects', officer, { ...draftBody(programme.id, n), plannedStart: '2026-05-01', plannedEnd: '2026-12-15' });
    // Measure once the board would list them all.
    for (let waited = 0; ; waited += 1) {
      const res = await fetch(`${engineUrl}/api/v1/projects?limit=100`, { headers: { Authorization: `Bearer ${officer}` } });
      const listed = ((await res.json()) as { items?: unknown[] }).items?.length ?? 0;
      if (listed >= Math.min(projects, 100)) break;
      if (waited > 300) throw new Error(`the project list shows ${listed} of ${projects} drafts after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // The same engine behind three doors: as it is, with Accept-Encoding removed, and (optionally) an older build.
    const compressed = await listen((req, res) => engine(req, res));
    const identity = await listen((req, res) => {
      delete req.headers['accept-encoding'];
      engine(req, res);
    });
    servers.push(compressed, identity);
    const doors: [VariantName, Server][] = [
      ['compressed', compressed],
      ['identity', identity],
    ];
    if (beforeDir) {
      const older = new ExpressAdapter().getInstance<Express>();
      older.use(consoleFiles(beforeDir));
      const before = await listen((req, res) => {
        delete req.headers['accept-encoding'];
        if ((req.url ?? '').startsWith('/api/')) engine(req, res);
        else older(req, res);
      });
      servers.push(before);
      doors.push(['before', before]);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    log(
      `board of ${projects} drafts, cold (empty cache), ${LATENCY_MS} ms RTT, ${(BYTES_PER_SEC * 8) / 1e6} Mbit/s, CPU ${CPU_SLOWDOWN}x slower; ` +
        `${runs} rounds of ${doors.map(([n]) => n).join(', ')} after a warm-up round, medians`,
    );
    for (let round = 0; round <= runs; round += 1) {
      for (const [name, server] of doors) {
        const sample = await loadOnce(browser, `http://127.0.0.1:${(server.address() as AddressInfo).port}/board`, officer);
        if (round > 0) samples[name].push(sample);
        // BENCH_CONSOLE_DETAIL=1: the requests of the last load of each variant, to see what the time waits for.
        if (process.env.BENCH_CONSOLE_DETAIL && round === runs) {
          log(`${name}: LCP ${Math.round(sample.lcp)} ms; requests (start → end, bytes):`);
          for (const line of sample.timeline) log(`  ${line}`);
        }
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    for (const server of servers) server.close();
    await app.close().catch(() => undefined);
    await dropSchema(options.databaseUrl, schema).catch((error: unknown) => console.error(`dropping schema ${schema} failed (drop it by hand):`, error));
    const redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 2 });
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
  }
  const figures = (list: { lcp: number; bytes: number }[]): ConsoleLoadFigures => ({
    lcpMs: Math.round(median(list.map((s) => s.lcp))),
    transferKb: round2(median(list.map((s) => s.bytes)) / 1000),
    runsMs: list.map((s) => Math.round(s.lcp)),
  });
  const result: ConsoleFigures = {
    profile: `${LATENCY_MS} ms RTT, ${BYTES_PER_SEC} B/s, CPU x${CPU_SLOWDOWN}`,
    runs,
    projects,
    compressed: figures(samples.compressed),
    identity: figures(samples.identity),
    ...(samples.before.length ? { before: figures(samples.before) } : {}),
    ratio: 0,
    goalMs: GOAL_MS,
  };
  const ratio = result.identity.lcpMs > 0 ? round2(result.compressed.lcpMs / result.identity.lcpMs) : 0;
  for (const name of ['compressed', 'identity', 'before'] as const) {
    const f = result[name];
    if (f) log(`${`board LCP, ${name}`.padEnd(28)} ${String(f.lcpMs).padStart(6)} ms  ${String(f.transferKb).padStart(8)} kB transferred  (runs: ${f.runsMs.join(', ')})`);
  }
  log(`compressed / identity LCP: ${ratio}`);
  log(`${result.compressed.lcpMs <= GOAL_MS ? 'MET   ' : 'MISSED'} board LCP cold <= ${GOAL_MS} ms: ${result.compressed.lcpMs} ms`);
  return { ...result, ratio };
}
