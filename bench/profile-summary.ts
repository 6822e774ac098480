/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, written by `npm run bench -- http --profile`):
 * where the engine's processes spent their busy time, by package or engine folder (self time),
 * by function (self time), and by stage of the write path (time with a frame of the stage
 * anywhere on the stack). Run alone: `node dist/bench/profile-summary.js <file or directory>…`.
 *
 * Frames without a script (V8 builtins, native code such as `JSON.parse`, `writev`) are counted
 * to the nearest caller that has one, so `JSON.stringify` inside class-transformer counts to
 * class-transformer; garbage collection, `(program)` and idle time keep their own rows.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/**
 * Stages of the write path, each recognised by `<file> <function>` of its frames. A sample counts to a
 * stage when any frame on its stack belongs to it; stages overlap (Nest's pipeline contains
 * validation), so their shares do not add up to 100 %.
 */
const STAGES: readonly { readonly name: string; readonly match: RegExp }[] = [
  { name: 'HTTP parsing and sockets (node:http, net, stream)', match: /^node:(_http|http|net|stream|internal\/(http|net|stream|streams|js_stream))/ },
  { name: 'Express and body parsing', match: /node_modules\/(express|body-parser|router|raw-body|iconv-lite|type-is|finalhandler|send|serve-static)\// },
  { name: "Nest's pipeline (@nestjs/core, @nestjs/common, @nestjs/platform-express)", match: /node_modules\/@nestjs\/(core|common|platform-express)\// },
  { name: 'validation and transformation (class-validator, class-transformer, validation pipe)', match: /node_modules\/(class-validator|class-transformer|validator)\/|apps\/api\/src\/http\/(validation|validators|map-validators|pipes|input-safety)\.js/ },
  { name: 'token verification (jose, auth guard)', match: /node_modules\/jose\/|apps\/api\/src\/http\/auth\// },
  { name: 'rate limiting (@nestjs/throttler, throttler storage)', match: /node_modules\/@nestjs\/throttler\/|apps\/api\/src\/http\/throttling\// },
  { name: 'Redis client (ioredis)', match: /node_modules\/(ioredis|@ioredis|redis-parser|cluster-key-slot|denque)\// },
  { name: 'security headers (helmet)', match: /node_modules\/helmet\/|apps\/api\/src\/http\/security-headers\.js/ },
  { name: 'command bus and context (@nestjs/cqrs, commands, command context, ETag)', match: /node_modules\/@nestjs\/cqrs\/|apps\/api\/src\/commands\/|apps\/api\/src\/http\/command-context\.js/ },
  { name: 'ETag and the command answer (sendOutcome, etagOf)', match: /command-context\.js (sendOutcome|etagOf)$/ },
  { name: 'Problem Details filter', match: /apps\/api\/src\/http\/problem-details\.filter\.js/ },
  { name: 'HTTP metrics and correlation (prom-client, interceptor, middleware)', match: /node_modules\/prom-client\/|apps\/api\/src\/http\/(http-metrics\.interceptor|correlation\.middleware)\.js|libs\/observability\// },
  { name: 'command executor (libs/application)', match: /libs\/application\// },
  { name: 'domain decisions (libs/domain)', match: /libs\/domain\// },
  { name: 'sealing personal data (libs/privacy)', match: /libs\/privacy\// },
  { name: 'event store (libs/event-store: read, append, idempotency)', match: /libs\/event-store\// },
  { name: '  of which the stream read for the decision', match: /sql-event-store\.js readStream/ },
  { name: '  of which the append', match: /sql-event-store\.js (appendToStreams|appendWith|appendOnce|appendWithin|resolveHeads)$/ },
  { name: '  of which idempotency records', match: /sql-event-store\.js \w*IdempotencyRecord/ },
  { name: 'PostgreSQL driver (pg, pg-protocol)', match: /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\// },
  { name: 'worker: projections (libs/projections)', match: /libs\/projections\// },
  { name: 'worker: reminders and deadline workflow (libs/reminders)', match: /libs\/reminders\// },
  { name: 'worker: webhooks (libs/webhooks)', match: /libs\/webhooks\// },
  { name: 'worker: audit chain (libs/audit)', match: /libs\/audit\// },
  { name: 'worker: queue (libs/queue, bullmq)', match: /libs\/queue\/|node_modules\/bullmq\// },
];

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** The package (`@nestjs/core`), engine folder (`libs/privacy`, `apps/api/http`) or Node module a script belongs to. */
export function moduleOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  const lib = /\/(libs\/[^/]+)\//.exec(url);
  if (lib) return lib[1] ?? url;
  const app = /\/apps\/([^/]+)\/src\/([^/]+)(\/|\.js)/.exec(url);
  if (app) return `apps/${app[1]}/${(app[2] ?? '').replace(/\.js$/, '')}`;
  const bench = /\/(bench)\//.exec(url);
  if (bench) return 'bench';
  if (url.startsWith('node:')) {
    const name = url.slice(5).replace(/^internal\//, '');
    return `node:${name.split('/')[0] ?? name}`;
  }
  return url === '' ? '(native)' : url;
}

function shortUrl(url: string): string {
  const i = url.search(/node_modules\/|libs\/|apps\//);
  return i >= 0 ? url.slice(i).replace(/^node_modules\//, '') : url;
}

export interface ProfileSummary {
  readonly file: string;
  /** Left out at the start. */
  readonly skippedMs: number;
  readonly wallMs: number;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly modules: readonly [string, number][];
  readonly functions: readonly [string, number][];
  readonly stages: readonly [string, number][];
  /** Native socket writes (`writev`, `writeUtf8String`, `writeBuffer`…), by the package that wrote. */
  readonly socketWrites: readonly [string, number][];
}

const SOCKET_WRITES = /^(writev|writeUtf8String|writeBuffer|writeLatin1String|writeAsciiString|writeUcs2String)$/;

/**
 * Reads one `.cpuprofile` and adds up self time by module and function, and stack time by
 * stage, leaving out the first `skipMs` (the process's start).
 */
export function summariseProfile(file: string, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  // Self time per node from the sample deltas (each delta is the time until that sample).
  const self = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < skipMs * 1000) continue;
    const id = profile.samples[i] as number;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  const stages = new Map<string, number>();
  const socketWrites = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    // The nearest frame with a script names the module; the stack names the stages.
    let owner: ProfileNode | undefined = node;
    while (owner && owner.callFrame.url === '' && !SPECIAL.has(owner.callFrame.functionName)) owner = byId.get(parent.get(owner.id) ?? -1);
    const module = SPECIAL.has(name) ? name : owner && owner.callFrame.url !== '' ? moduleOf(owner.callFrame.url) : '(native)';
    modules.set(module, (modules.get(module) ?? 0) + us);
    const fn = SPECIAL.has(name) ? name : `${name || '(anonymous)'} ${shortUrl(node.callFrame.url) || `[native, in ${module}]`}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    if (SOCKET_WRITES.test(name) && node.callFrame.url === '') {
      // The first frame outside Node's own modules names who wrote: pg, ioredis, the HTTP answer.
      let writer: ProfileNode | undefined = node;
      while (writer && (writer.callFrame.url === '' || writer.callFrame.url.startsWith('node:'))) writer = byId.get(parent.get(writer.id) ?? -1);
      const who = writer ? moduleOf(writer.callFrame.url) : '(Node itself)';
      socketWrites.set(who, (socketWrites.get(who) ?? 0) + us);
    }
    const seen = new Set<string>();
    for (let frame: ProfileNode | undefined = node; frame; frame = byId.get(parent.get(frame.id) ?? -1)) {
      for (const stage of STAGES) {
        if (!seen.has(stage.name) && stage.match.test(`${frame.callFrame.url} ${frame.callFrame.functionName}`)) seen.add(stage.name);
      }
    }
    for (const stage of seen) stages.set(stage, (stages.get(stage) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / 1000] as [string, number]);
  const stageRows = STAGES.map((s) => [s.name, (stages.get(s.name) ?? 0) / 1000] as [string, number]);
  return {
    file,
    skippedMs: skipMs,
    wallMs: (profile.endTime - profile.startTime) / 1000 - skipMs,
    busyMs: (totalUs - idleUs) / 1000,
    idleMs: idleUs / 1000,
    modules: sorted(modules),
    functions: sorted(functions),
    stages: stageRows,
    socketWrites: sorted(socketWrites),
  };
}

/** Human-readable lines of one summary: shares of busy time. */
export function describeProfile(s: ProfileSummary, top = 25): string[] {
  const pct = (ms: number) => `${((100 * ms) / Math.max(1, s.busyMs)).toFixed(1).padStart(5)} %`;
  const skipped = s.skippedMs > 0 ? ` after the first ${(s.skippedMs / 1000).toFixed(1)} s (the start)` : '';
  const lines = [`${s.file}${skipped}: wall ${(s.wallMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s, idle ${(s.idleMs / 1000).toFixed(1)} s`];
  lines.push('  self time by package or folder (native frames counted to their caller):');
  for (const [name, ms] of s.modules.slice(0, top)) lines.push(`    ${pct(ms)}  ${name}`);
  lines.push('  time with a frame of the stage on the stack (stages overlap):');
  for (const [name, ms] of s.stages) lines.push(`    ${pct(ms)}  ${name}`);
  lines.push('  native socket writes, by the package that wrote:');
  for (const [name, ms] of s.socketWrites.slice(0, 10)) lines.push(`    ${pct(ms)}  ${name}`);
  lines.push('  self time by function:');
  for (const [name, ms] of s.functions.slice(0, top)) lines.push(`    ${pct(ms)}  ${name}`);
  return lines;
}

function profileFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? profileFiles(join(path, entry.name)) : entry.name.endsWith('.cpuprofile') ? [join(path, entry.name)] : []))
    .sort();
}

/**
 * The start to leave out of a profile: the benchmark writes `<mode>.start-ms` next to the
 * `<mode>-<process>` directories of the profiles.
 */
function startMsOf(file: string): number {
  const dir = dirname(file);
  const mode = /^([a-z]+)-/.exec(basename(dir))?.[1];
  const marker = mode ? join(dirname(dir), `${mode}.start-ms`) : '';
  return marker && existsSync(marker) ? Number(readFileSync(marker, 'utf8')) || 0 : 0;
}

/** Summaries of every `.cpuprofile` under a directory (each without its start), as lines. */
export function summariseProfileDir(path: string, top = 25): string[] {
  return profileFiles(path).flatMap((file) => describeProfile(summariseProfile(file, startMsOf(file)), top));
}

if (require.main === module) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: node dist/bench/profile-summary.js <file.cpuprofile or directory>…');
    process.exit(64);
  }
  for (const path of paths) for (const line of summariseProfileDir(path, 40)) console.log(line);
}
