import { readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/*
 * The console build's last step (a Vite plugin, so `npm run build:console` and the browser tests'
 * own build both run it): every text asset above 1 kB gets a brotli (`.br`, quality 11) and a
 * gzip (`.gz`, level 9) copy beside it, which the API sends to browsers that accept them
 * (apps/api/src/console/console-files.ts); then the script the board needs before its first paint
 * is held to a size budget, and the build fails above it.
 */

/** Files worth compressing: text. Pictures and fonts are compressed formats already. */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
/** Below this, a compressed copy saves less than the headers it costs. */
export const MIN_BYTES = 1024;
/**
 * The budget of the first script, gzip bytes (1 kB = 1,000 bytes): the entry chunk and the chunks
 * it imports statically, all of which load before the board can paint.
 */
export const ENTRY_BUDGET_BYTES = 120_000;

/** A file of the build with its sizes as sent. */
export interface AssetSize {
  /** Path inside the build folder, with `/`. */
  readonly file: string;
  readonly bytes: number;
  /** Size of the `.gz` copy; the file's own size when it was not compressed. */
  readonly gzip: number;
  /** Size of the `.br` copy; the file's own size when it was not compressed. */
  readonly brotli: number;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The brotli and gzip copies of a text, as the build writes them (on libuv's threads, in parallel). */
export async function compress(data: Buffer): Promise<{ readonly br: Buffer; readonly gz: Buffer }> {
  const [br, gz] = await Promise.all([
    brotliAsync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gzipAsync(data, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { br, gz };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes `.br` and `.gz` beside every compressible file of `dir` of at least MIN_BYTES (a copy
 * that would not be smaller is not written) and returns the sizes of every file, copies left out.
 *
 * @example
 * await precompress('dist/console'); // [{ file: 'assets/index-….js', bytes: 437054, gzip: 128590, brotli: 110321 }, …]
 */
export async function precompress(dir: string): Promise<AssetSize[]> {
  const files = filesUnder(dir).filter((path) => !path.endsWith('.br') && !path.endsWith('.gz'));
  const sizes = await Promise.all(
    files.map(async (path): Promise<AssetSize> => {
      const file = relative(dir, path).split(sep).join('/');
      const bytes = statSync(path).size;
      if (!COMPRESSIBLE.test(path) || bytes < MIN_BYTES) return { file, bytes, gzip: bytes, brotli: bytes };
      const { br, gz } = await compress(await readFile(path));
      if (br.length < bytes) await writeFile(`${path}.br`, br);
      if (gz.length < bytes) await writeFile(`${path}.gz`, gz);
      return { file, bytes, gzip: Math.min(gz.length, bytes), brotli: Math.min(br.length, bytes) };
    }),
  );
  return sizes.sort((a, b) => b.gzip - a.gzip);
}

/** What the budget measured: the files loaded before the first paint and their gzip total. */
export interface BudgetResult {
  readonly files: readonly AssetSize[];
  readonly gzip: number;
  readonly brotli: number;
  readonly budget: number;
  /** Set when over the budget: the message the build fails with. */
  readonly error?: string;
}

/**
 * Holds the first script (`initial`: the entry chunk and its static imports, as Vite names them)
 * to `budget` gzip bytes.
 *
 * @example
 * checkBudget(sizes, ['assets/index-Ab1.js', 'assets/react-Cd2.js']).error; // undefined when within
 */
export function checkBudget(sizes: readonly AssetSize[], initial: readonly string[], budget = ENTRY_BUDGET_BYTES): BudgetResult {
  const files = initial.map((name) => {
    const found = sizes.find((s) => s.file === name);
    if (!found) throw new Error(`console size budget: ${name} is not in the build`);
    return found;
  });
  const gzip = files.reduce((n, f) => n + f.gzip, 0);
  const brotli = files.reduce((n, f) => n + f.brotli, 0);
  if (gzip <= budget) return { files, gzip, brotli, budget };
  const named = files.map((f) => `${f.file} ${kb(f.gzip)}`).join(' + ');
  return {
    files,
    gzip,
    brotli,
    budget,
    error: `console size budget exceeded: the first script is ${kb(gzip)} gzip (${named}), over the budget of ${kb(budget)}; load more of it lazily (apps/console/src/routes.tsx) or raise ENTRY_BUDGET_BYTES in apps/console/build/assets.ts with a reason`,
  };
}

/** `12.3 kB` (1 kB = 1,000 bytes). */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** The lines the build prints: the first script against its budget, then the largest files. */
export function sizeReport(result: BudgetResult, sizes: readonly AssetSize[], largest = 6): string[] {
  const row = (s: AssetSize) => `  ${s.file.padEnd(36)} ${kb(s.bytes).padStart(9)} ${kb(s.gzip).padStart(9)} gzip ${kb(s.brotli).padStart(9)} br`;
  return [
    `console: first script ${kb(result.gzip)} gzip, ${kb(result.brotli)} br (budget ${kb(result.budget)} gzip):`,
    ...result.files.map(row),
    `console: largest files:`,
    ...sizes.slice(0, largest).map(row),
  ];
}

/** The output chunks of a build as the plugin hook receives them (Rollup's and Rolldown's shape). */
interface OutputChunkLike {
  readonly type: 'chunk' | 'asset';
  readonly fileName: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
}

/** The entry chunks and, transitively, the chunks they import statically. */
export function initialChunks(bundle: Readonly<Record<string, OutputChunkLike>>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of bundle[name]?.imports ?? []) visit(next);
  };
  for (const output of Object.values(bundle)) if (output.type === 'chunk' && output.isEntry) visit(output.fileName);
  return [...seen];
}

/**
 * The Vite plugin: precompresses the written build, prints the sizes and fails the build over
 * the budget.
 */
export function consoleAssets(options: { readonly log: (line: string) => void; readonly budget?: number }) {
  return {
    name: 'console-assets',
    apply: 'build' as const,
    async writeBundle(output: { readonly dir?: string }, bundle: Readonly<Record<string, OutputChunkLike>>) {
      if (!output.dir) throw new Error('console-assets: the build has no output folder');
      const sizes = await precompress(output.dir);
      const result = checkBudget(sizes, initialChunks(bundle), options.budget);
      for (const line of sizeReport(result, sizes)) options.log(line);
      if (result.error) throw new Error(result.error);
    },
  };
}
