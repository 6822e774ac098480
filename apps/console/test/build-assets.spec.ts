import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type AssetSize, checkBudget, consoleAssets, ENTRY_BUDGET_BYTES, initialChunks, precompress, sizeReport } from '../build/assets';

const asset = (file: string, gzip: number): AssetSize => ({ file, bytes: gzip * 3, gzip, brotli: Math.round(gzip * 0.85) });

describe('the console build: precompressed copies', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-build-'));
    mkdirSync(join(dir, 'assets'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz of the text files above 1 kB that decompress to the file, and nothing for the rest', async () => {
    const script = Buffer.from('export const words = ["Đang tải…"];\n'.repeat(200));
    writeFileSync(join(dir, 'assets/app-1a2b.js'), script);
    writeFileSync(join(dir, 'assets/small-3c4d.css'), 'body{margin:0}');
    writeFileSync(join(dir, 'assets/logo.png'), Buffer.alloc(4096, 7));
    const sizes = await precompress(dir);
    expect(brotliDecompressSync(readFileSync(join(dir, 'assets/app-1a2b.js.br')))).toEqual(script);
    expect(gunzipSync(readFileSync(join(dir, 'assets/app-1a2b.js.gz')))).toEqual(script);
    expect(existsSync(join(dir, 'assets/small-3c4d.css.gz'))).toBe(false);
    expect(existsSync(join(dir, 'assets/logo.png.br'))).toBe(false);
    const app = sizes.find((s) => s.file === 'assets/app-1a2b.js');
    expect(app).toEqual({ file: 'assets/app-1a2b.js', bytes: script.length, gzip: readFileSync(join(dir, 'assets/app-1a2b.js.gz')).length, brotli: readFileSync(join(dir, 'assets/app-1a2b.js.br')).length });
    expect(app?.brotli).toBeLessThan(script.length / 10);
    expect(sizes.find((s) => s.file === 'assets/small-3c4d.css')).toEqual({ file: 'assets/small-3c4d.css', bytes: 14, gzip: 14, brotli: 14 });
    // Largest first; a second run does not compress the copies again.
    expect(sizes[0]?.file).toBe('assets/logo.png');
    expect((await precompress(dir)).map((s) => s.file).sort()).toEqual(sizes.map((s) => s.file).sort());
  });
});

describe('the console build: the size budget of the first script', () => {
  const sizes = [asset('assets/index-a.js', 30_000), asset('assets/react-b.js', 70_000), asset('assets/dashboard-c.js', 60_000), asset('index.html', 600)];

  it('adds up the entry and the chunks it imports, and passes at or under the budget', () => {
    const result = checkBudget(sizes, ['assets/index-a.js', 'assets/react-b.js']);
    expect(result).toMatchObject({ gzip: 100_000, budget: ENTRY_BUDGET_BYTES });
    expect(result.error).toBeUndefined();
    expect(checkBudget(sizes, ['assets/index-a.js', 'assets/react-b.js'], 100_000).error).toBeUndefined();
  });

  it('fails over the budget with a message naming the files, their sizes and the budget', () => {
    const result = checkBudget(sizes, ['assets/index-a.js', 'assets/react-b.js'], 99_999);
    expect(result.error).toContain('first script is 100.0 kB gzip');
    expect(result.error).toContain('assets/index-a.js 30.0 kB + assets/react-b.js 70.0 kB');
    expect(result.error).toContain('over the budget of 100.0 kB');
  });

  it('refuses to measure a file the build did not write', () => {
    expect(() => checkBudget(sizes, ['assets/index-zz.js'])).toThrow('assets/index-zz.js is not in the build');
  });

  it('finds the entry and its static imports, transitively, but not the pages loaded later', () => {
    const bundle = {
      'assets/index-a.js': { type: 'chunk' as const, fileName: 'assets/index-a.js', isEntry: true, imports: ['assets/shared-d.js'] },
      'assets/shared-d.js': { type: 'chunk' as const, fileName: 'assets/shared-d.js', isEntry: false, imports: ['assets/react-b.js'] },
      'assets/react-b.js': { type: 'chunk' as const, fileName: 'assets/react-b.js', isEntry: false, imports: [] },
      'assets/dashboard-c.js': { type: 'chunk' as const, fileName: 'assets/dashboard-c.js', isEntry: false, imports: ['assets/react-b.js'] },
      'assets/index-e.css': { type: 'asset' as const, fileName: 'assets/index-e.css' },
    };
    expect(initialChunks(bundle).sort()).toEqual(['assets/index-a.js', 'assets/react-b.js', 'assets/shared-d.js']);
  });

  it('prints the first script against its budget and the largest files', () => {
    const lines = sizeReport(checkBudget(sizes, ['assets/index-a.js']), sizes, 2);
    expect(lines[0]).toBe('console: first script 30.0 kB gzip, 25.5 kB br (budget 120.0 kB gzip):');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toContain('assets/react-b.js');
  });

  it('fails the build from its plugin hook after printing the sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
    try {
      writeFileSync(join(dir, 'index-a.js'), Buffer.from(Array.from({ length: 5000 }, (_, i) => `${(i * 7919) % 10007}`).join(',')));
      const lines: string[] = [];
      const plugin = consoleAssets({ log: (l) => lines.push(l), budget: 1000 });
      const bundle = { 'index-a.js': { type: 'chunk' as const, fileName: 'index-a.js', isEntry: true, imports: [] } };
      await expect(plugin.writeBundle({ dir }, bundle)).rejects.toThrow(/first script is .* over the budget of 1\.0 kB/);
      expect(lines[0]).toMatch(/^console: first script/);
      await expect(consoleAssets({ log: () => undefined }).writeBundle({ dir }, bundle)).resolves.toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
