import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createProgramme, DRAFT } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

/*
 * The API's JSON answers over a real socket (the bytes as sent, not as a client library would
 * decode them): a read of more than a kilobyte goes brotli or gzip as the request accepts, and
 * decodes to the very answer sent uncoded; commands, small answers, HEAD, answers with a route's
 * own ETag and file exports go as they are.
 */

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe('JSON answers compressed when accepted (e2e)', () => {
  let engine: TestEngine;
  let port: number;
  let programmeId: string;
  let projectId: string;
  const officer = () => engine.auth('officer-province', ['officer']);

  function send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = httpRequest(
        { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine);
    engine.clock.set('2026-03-02T02:00:00Z');
    projectId = (await engine.http.post('/api/v1/projects').set(officer()).send({ ...DRAFT, programmeId }).expect(201)).body.id as string;
    await engine.app.listen(0, '127.0.0.1');
    port = (engine.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const PROVINCES = '/api/v1/areas/provinces';

  it('a large read goes brotli, or gzip, as accepted, and decodes to the uncoded answer', async () => {
    const plain = await send('GET', PROVINCES, officer());
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.length).toBeGreaterThan(1024);
    const items = (JSON.parse(plain.body.toString('utf8')) as { items: unknown[] }).items;
    expect(items.length).toBeGreaterThan(10);

    const br = await send('GET', PROVINCES, { ...officer(), 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^application\/json/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    // Each coding has its own validator, and it revalidates.
    expect(br.headers.etag).toBeDefined();
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await send('GET', PROVINCES, { ...officer(), 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) });
    expect(again.status).toBe(304);

    const gz = await send('GET', PROVINCES, { ...officer(), 'Accept-Encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

    for (const refused of ['identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await send('GET', PROVINCES, { ...officer(), 'Accept-Encoding': refused });
      expect([refused, res.headers['content-encoding']]).toEqual([refused, undefined]);
      expect(res.body.equals(plain.body)).toBe(true);
    }
  });

  it('HEAD, a small read and a command go as they are', async () => {
    const head = await send('HEAD', PROVINCES, { ...officer(), 'Accept-Encoding': 'br, gzip' });
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();

    const small = await send('GET', '/api/v1/reminders?assignee=me&limit=1', { ...officer(), 'Accept-Encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();

    engine.clock.set('2026-03-03T02:00:00Z');
    const command = await send('POST', '/api/v1/projects', { ...officer(), 'Accept-Encoding': 'br, gzip' }, { ...DRAFT, title: `${DRAFT.title} (mở rộng)`, programmeId });
    expect(command.status).toBe(201);
    expect(command.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(command.body.toString('utf8')) as { version: number }).version).toBe(1);
  });

  it("an answer with its route's own ETag (a version sent back in If-Match) stays uncoded", async () => {
    const res = await send('GET', `/api/v1/projects/${projectId}`, { ...officer(), 'Accept-Encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(1024);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('a report file goes as it is', async () => {
    const csv = await send('GET', `/api/v1/programmes/${programmeId}/reports/progress?period=2026&format=csv`, { ...officer(), 'Accept-Encoding': 'br, gzip' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.headers['content-length']).toBe(String(csv.body.length));
    expect(csv.body.toString('utf8')).toContain(DRAFT.beneficiary.name);
  });
});
