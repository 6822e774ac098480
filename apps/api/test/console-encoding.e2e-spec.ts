import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import request from 'supertest';
import { chooseEncoding, consoleFiles } from '../src/console/console-files';
import { CONSOLE_DIST, ensureConsoleBuilt } from './support/browser';

/*
 * The console's files as the API sends them over HTTP: the brotli or gzip copy the build wrote
 * when the request accepts it (RFC 9110 content negotiation, q-values included), the file as it
 * is otherwise; the same type, caching and validators either way. A folder written here holds
 * the cases; the last test runs against the real build.
 */

const SCRIPT = Buffer.from('export function greet(name) { return `Xin chào, ${name}: đang tải…`; }\n'.repeat(120));
const PAGE = Buffer.from(`<!doctype html><html lang="vi"><head><title>Khuyến công</title></head><body><div id="root"></div>${'<!-- khuyến công -->'.repeat(80)}</body></html>\n`);

let dir: string;
let app: Express;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'console-encoding-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets/app-1a2b.js'), SCRIPT);
  writeFileSync(join(dir, 'assets/tiny-3c4d.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'index.html'), PAGE);
  // The copies as the console build writes them beside each file (apps/console/build/assets.ts).
  for (const [file, data] of [['assets/app-1a2b.js', SCRIPT], ['index.html', PAGE]] as const) {
    writeFileSync(join(dir, `${file}.br`), brotliCompressSync(data));
    writeFileSync(join(dir, `${file}.gz`), gzipSync(data));
  }
  app = new ExpressAdapter().getInstance<Express>();
  app.use(consoleFiles(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sizeOf = (file: string) => String(statSync(join(dir, file)).size);

describe('the console files, compressed when the browser accepts it', () => {
  it('sends brotli when accepted, with the original type, the copy length, a year of caching and Vary', async () => {
    const res = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'gzip, deflate, br, zstd').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-length']).toBe(sizeOf('assets/app-1a2b.js.br'));
    expect(Number(res.headers['content-length'])).toBeLessThan(SCRIPT.length / 10);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['accept-ranges']).toBeUndefined();
    // Decompressed by the client, the body is the file.
    expect(res.text).toBe(SCRIPT.toString('utf8'));
  });

  it('sends gzip when brotli is refused or not offered, and honours q-values', async () => {
    for (const accept of ['br;q=0, gzip', 'gzip', 'gzip;q=1, br;q=0.5', 'deflate, gzip;q=0.2']) {
      const res = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', accept).expect(200);
      expect({ accept, encoding: res.headers['content-encoding'] }).toEqual({ accept, encoding: 'gzip' });
      expect(res.headers['content-length']).toBe(sizeOf('assets/app-1a2b.js.gz'));
      expect(res.text).toBe(SCRIPT.toString('utf8'));
    }
    const star = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', '*').expect(200);
    expect(star.headers['content-encoding']).toBe('br');
  });

  it('sends the file as it is without the header, for identity, or when nothing offered is acceptable, and then takes ranges', async () => {
    const absent = await request(app).get('/assets/app-1a2b.js').unset('Accept-Encoding').expect(200);
    for (const accept of ['identity', 'br;q=0, gzip;q=0', 'deflate', 'zstd']) {
      const res = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', accept).expect(200);
      expect({ accept, encoding: res.headers['content-encoding'] }).toEqual({ accept, encoding: undefined });
      expect(res.headers['content-length']).toBe(String(SCRIPT.length));
    }
    expect(absent.headers['content-encoding']).toBeUndefined();
    expect(absent.headers['content-length']).toBe(String(SCRIPT.length));
    expect(absent.headers['vary']).toBe('Accept-Encoding');
    expect(absent.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(absent.text).toBe(SCRIPT.toString('utf8'));
    const range = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'identity').set('Range', 'bytes=0-5').expect(206);
    expect(range.text).toBe('export');
    // A compressed answer ignores the range: the whole copy, never a slice of compressed bytes.
    const ignored = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'br').set('Range', 'bytes=0-5').expect(200);
    expect(ignored.headers['content-encoding']).toBe('br');
    expect(ignored.text).toBe(SCRIPT.toString('utf8'));
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const res = await request(app).head('/assets/app-1a2b.js').set('Accept-Encoding', 'br').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-length']).toBe(sizeOf('assets/app-1a2b.js.br'));
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it('compresses the page too, still never cached, with its security policy; a file without copies has no Vary', async () => {
    for (const path of ['/', '/board', '/projects/some-id']) {
      const res = await request(app).get(path).set('Accept-Encoding', 'gzip, br').expect(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.text).toBe(PAGE.toString('utf8'));
    }
    const tiny = await request(app).get('/assets/tiny-3c4d.css').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers['vary']).toBeUndefined();
    expect(tiny.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('revalidates each coding with its own validator', async () => {
    const br = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'br').expect(200);
    const gzip = await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(br.headers['etag']).toBeDefined();
    expect(br.headers['etag']).not.toBe(gzip.headers['etag']);
    await request(app).get('/assets/app-1a2b.js').set('Accept-Encoding', 'br').set('If-None-Match', br.headers['etag'] ?? '').expect(304);
  });

  it('never answers a request for a copy by its own name as another file', async () => {
    const res = await request(app).get('/assets/app-1a2b.js.br').unset('Accept-Encoding').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(readFileSync(join(dir, 'assets/app-1a2b.js.br')), Buffer.from(res.body as Buffer))).toBe(0);
  });
});

describe('choosing the coding (Accept-Encoding)', () => {
  it('prefers brotli, then gzip, by q-value, with * for the rest', () => {
    const offered = ['br', 'gzip'];
    expect(chooseEncoding(undefined, offered)).toBeUndefined();
    expect(chooseEncoding('', offered)).toBeUndefined();
    expect(chooseEncoding('gzip, deflate, br', offered)).toBe('br');
    expect(chooseEncoding('BR;Q=0.5, GZIP', offered)).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.5, *;q=0.8', offered)).toBe('br');
    expect(chooseEncoding('*;q=0', offered)).toBeUndefined();
    expect(chooseEncoding('br;q=abc, gzip', offered)).toBe('gzip');
    expect(chooseEncoding('br', ['gzip'])).toBeUndefined();
  });
});

describe('the real build', () => {
  it('has brotli and gzip copies of its scripts, which the API sends', async () => {
    ensureConsoleBuilt();
    const real = new ExpressAdapter().getInstance<Express>();
    real.use(consoleFiles(CONSOLE_DIST));
    const page = await request(real).get('/').set('Accept-Encoding', 'br').expect(200);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1] ?? '';
    expect(script).not.toBe('');
    const original = readFileSync(join(CONSOLE_DIST, script));
    const res = await request(real).get(script).set('Accept-Encoding', 'br;q=0, gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBe(String(statSync(join(CONSOLE_DIST, `${script}.gz`)).size));
    expect(res.text).toBe(original.toString('utf8'));
  });
});
