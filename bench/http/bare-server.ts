/**
 * The baseline of the `http` benchmark, run as its own process: a bare Node `http` server on a
 * `pg` pool that parses each JSON body and stores it with one autocommitted INSERT, answering
 * 201 with the row's id as JSON. No framework, no authentication, no validation, no events: what
 * a write over HTTP costs at the least on this machine.
 *
 * Environment: DATABASE_URL, BENCH_HTTP_SCHEMA (created by the benchmark beforehand),
 * BENCH_HTTP_POOL_SIZE. It listens on an ephemeral loopback port and prints
 * `listening <port>` on stdout when ready; SIGTERM closes the server and the pool.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/** The table the baseline writes, created by the benchmark in the run's schema. */
export const BARE_TABLE_SQL = 'CREATE TABLE bare_requests (id uuid PRIMARY KEY, path text NOT NULL, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())';

const INSERT = 'INSERT INTO bare_requests (id, path, body) VALUES ($1::uuid, $2, $3::jsonb)';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function main(): void {
  const schema = process.env.BENCH_HTTP_SCHEMA;
  if (!schema) throw new Error('BENCH_HTTP_SCHEMA is required');
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.BENCH_HTTP_POOL_SIZE ?? 10),
    application_name: `${schema}_bare`,
    options: `-c search_path=${schema}`,
  });
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      answer(res, 200, { ok: true });
      req.resume();
      return;
    }
    readBody(req)
      .then(async (text) => {
        // Parsed and serialised again, as any JSON API does before storing a body.
        const body = JSON.parse(text) as object;
        const id = randomUUID();
        await pool.query({ name: 'bare_insert', text: INSERT, values: [id, req.url ?? '/', JSON.stringify(body)] });
        answer(res, 201, { id });
      })
      .catch((error: unknown) => answer(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  });
}

if (require.main === module) main();
