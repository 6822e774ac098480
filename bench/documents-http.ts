/**
 * The HTTP figure of the documents benchmark: a document of BENCH_DOCUMENT_MIB (default 10) MiB
 * uploaded (`POST /projects/{id}/documents`, multipart, streamed) and downloaded
 * (`GET /documents/{id}/content`) through the engine's API, started in this process on a
 * throw-away schema with DOCUMENT_STORAGE=postgres, over loopback. Each round uploads fresh bytes
 * then downloads them; figures are medians in MB/s (10^6 bytes a second) over
 * BENCH_DOCUMENT_ROUNDS (default 7) rounds after a warm-up round. The client shares the process
 * (and its core) with the engine, so the figures are a floor.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { FixedClock } from '@app/application';
import { parseConfig } from '@app/config';
import { silentLogger } from '@app/observability';
import { signToken } from '@app/runtime';
import { createEngineApp } from '../apps/api/src/bootstrap';
import { benchSchemaName, dropSchema } from './bench-schema';
import { serverStartSettings } from './config';
import { deletePrefix } from './redis-keys';
import { round2 } from './stats';

export interface DocumentsHttpOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly log?: (line: string) => void;
}

export interface DocumentsHttpFigures {
  readonly documentMiB: number;
  readonly rounds: number;
  readonly uploadMbPerSec: number;
  readonly downloadMbPerSec: number;
}

const SECRET = randomBytes(32).toString('hex');
const ISSUER = 'https://id.bench.invalid';
const AUDIENCE = 'grants-engine-bench';
const CHUNK = 64 * 1024;

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

/** One request over loopback; `body` is written in 64 KiB pieces, as a browser streams a file. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body: Buffer[] = []): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = body.reduce((n, b) => n + b.length, 0);
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(length ? { 'Content-Length': String(length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    void (async () => {
      for (const part of body) {
        for (let at = 0; at < part.length; at += CHUNK) {
          if (!req.write(part.subarray(at, at + CHUNK))) await new Promise((r) => req.once('drain', r));
        }
      }
      req.end();
    })();
  });
}

function json(answer: Answer, expected: number): { id: string } {
  if (answer.status !== expected) throw new Error(`expected ${expected}, got ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
  return JSON.parse(answer.body.toString('utf8')) as { id: string };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function runDocumentsHttpBench(options: DocumentsHttpOptions): Promise<DocumentsHttpFigures> {
  const log = options.log ?? (() => undefined);
  const mib = Number(process.env.BENCH_DOCUMENT_MIB || 10);
  const rounds = Number(process.env.BENCH_DOCUMENT_ROUNDS || 7);
  const size = mib * 1024 * 1024;
  const schema = benchSchemaName();
  const prefix = `bench-docs-${process.pid}-${randomBytes(3).toString('hex')}`;
  const config = parseConfig({
    ...serverStartSettings({ databaseUrl: options.databaseUrl, schema, redisUrl: options.redisUrl, prefix, jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE }),
    DOCUMENT_STORAGE: 'postgres',
    DOCUMENT_MAX_BYTES: String(size),
    LOG_LEVEL: 'error',
  });
  const clock = new FixedClock(new Date('2026-01-02T02:00:00Z'));
  const app = await createEngineApp({ config, worker: false, migrate: true, clock, logger: silentLogger });
  const bearer = (sub: string, roles: string[], areas?: string[]) => ({
    Authorization: `Bearer ${signToken(SECRET, { sub, roles, ...(areas ? { areas } : {}) } as never, 3600, { issuer: ISSUER, audience: AUDIENCE })}`,
  });
  const admin = bearer('admin-1', ['admin']);
  const officer = bearer('officer-1', ['officer'], ['80']);
  const jsonHeaders = (who: Record<string, string>) => ({ ...who, 'Content-Type': 'application/json' });
  const upload: number[] = [];
  const download: number[] = [];
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const programme = json(
      await send(port, 'POST', '/api/v1/programmes', jsonHeaders(admin), [
        Buffer.from(
          JSON.stringify({
            code: 'KCDP-LA-2026-BENCH',
            name: 'Khuyến công địa phương (benchmark)',
            year: 2026,
            fundingSource: 'local',
            province: '80',
            budgetVnd: 1_000_000_000,
            policyId: 'vn-longan-local-2022',
            registrationOpensOn: '2026-01-05',
            registrationClosesOn: '2026-05-20',
          }),
        ),
      ]),
      201,
    );
    clock.set('2026-03-02T02:00:00Z');
    const draft = {
      programmeId: programme.id,
      title: 'Dây chuyền sấy khóm',
      category: 'MACHINERY',
      beneficiary: { name: 'Cơ sở kẹo khóm Bến Lức', kind: 'household_business', province: '80', commune: '27694', contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } },
      totalCostVnd: 400_000_000,
      requestedSupportVnd: 150_000_000,
      counterpartVnd: 250_000_000,
      plannedStart: '2026-05-01',
      plannedEnd: '2026-12-15',
      objectives: 'Nâng công suất',
    };
    const project = json(await send(port, 'POST', '/api/v1/projects', jsonHeaders(officer), [Buffer.from(JSON.stringify(draft))]), 201);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(size - 9)]);
    const boundary = `bench${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nquotation\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-gia.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    log(`${mib} MiB per document over HTTP (DOCUMENT_STORAGE=postgres), ${rounds} rounds after a warm-up round, medians in MB/s`);
    for (let round = 0; round <= rounds; round += 1) {
      // Fresh bytes every round, or the store would keep the same content once.
      bytes.writeUInt32BE(round, 16);
      let start = process.hrtime.bigint();
      const item = json(
        await send(port, 'POST', `/api/v1/projects/${project.id}/documents`, { ...officer, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, [head, bytes, tail]),
        201,
      );
      const up = Number(process.hrtime.bigint() - start) / 1e9;
      start = process.hrtime.bigint();
      const back = await send(port, 'GET', `/api/v1/documents/${item.id}/content`, officer);
      const down = Number(process.hrtime.bigint() - start) / 1e9;
      if (back.status !== 200 || !back.body.equals(bytes)) throw new Error(`download ${back.status} did not give the uploaded bytes back`);
      if (round > 0) {
        upload.push(up);
        download.push(down);
      }
    }
  } finally {
    await app.close().catch(() => undefined);
    await dropSchema(options.databaseUrl, schema).catch((error: unknown) => console.error(`dropping schema ${schema} failed (drop it by hand):`, error));
    const redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 2 });
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
  }
  const figures: DocumentsHttpFigures = {
    documentMiB: mib,
    rounds,
    uploadMbPerSec: round2(size / 1e6 / median(upload)),
    downloadMbPerSec: round2(size / 1e6 / median(download)),
  };
  log(`${'http upload (POST multipart)'.padEnd(36)} ${String(figures.uploadMbPerSec).padStart(8)} MB/s`);
  log(`${'http download (GET content)'.padEnd(36)} ${String(figures.downloadMbPerSec).padStart(8)} MB/s`);
  return figures;
}
