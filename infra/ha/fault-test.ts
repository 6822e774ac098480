/**
 * `npm run test:ha`: fault tests on the local HA cluster (`npm run ha:up` first; not part of
 * `npm test`). Under a steady load of staff commands and finance traffic (payment orders
 * approved, the treasury's signed payment confirmations), it injects, one after the other:
 *
 * 1. `kill -9` of the PostgreSQL primary's node (Patroni and its postmaster): the standby is promoted;
 * 2. `kill -9` of the Redis primary: the sentinels promote the replica;
 * 3. `kill -9` of one API process and one worker process;
 * 4. `SIGSTOP` of a worker for longer than its job lease (BullMQ's 30 s lock), then `SIGCONT`.
 *
 * After each fault the killed part is brought back (the old PostgreSQL primary rejoins as a
 * standby through pg_rewind, the old Redis primary as a replica, the engine processes restart).
 * Then it checks, against the event log and the read models:
 *
 * - no acknowledged command lost: every 2xx answer's event is in the log;
 * - no event applied twice: every project's read model is at its stream's version, and its
 *   disbursed amount is exactly the payments confirmed;
 * - every payment order reached the finance receiver under exactly one `webhook-id`;
 * - per fault, the time from the fault to the first successful command sent after it (goals:
 *   30 s for PostgreSQL, 10 s for Redis) and the answers in between: 503s are expected, 500s are not.
 *
 * Clients behave as the API asks: every command carries an `Idempotency-Key` and is sent again
 * with it after a 503, 502, 504 or a lost connection, so a retried command appends once.
 * Prints one JSON line with the figures; exits 1 when an assertion fails.
 *
 * Settings: HA_DATA_DIR (as ha:up), HA_FAULTS (comma-separated subset of
 * postgres,redis,processes,pause; all by default), HA_STAFF_CLIENTS (3), HA_SETTLE_SECONDS (15).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import { signToken } from '@app/runtime';
import { buildWebhookHeaders } from '@app/webhooks';

type Role = Parameters<typeof signToken>[1]['roles'][number];
type Authority = NonNullable<Parameters<typeof signToken>[1]['authority']>;

const INFRA = join(__dirname, '..', '..', '..', 'infra', 'ha');

/** `NAME=value` lines of a shell file (env.sh, engine.env), `${…:-…}` defaults left to the caller. */
function readAssignments(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_0-9]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const ports = readAssignments(join(INFRA, 'env.sh'));
const HA_DATA = process.env.HA_DATA_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'grants-ha');
const port = (name: string): number => Number(ports[name]);
const SENTINEL_PORTS = (ports.SENTINEL_PORTS ?? '').replace(/"/g, '').split(' ').map(Number);
const SENTINEL_NAME = ports.SENTINEL_NAME ?? 'grants-ha';
const API = `http://127.0.0.1:${port('HAPROXY_API_PORT')}/api/v1`;
const FAULTS = (process.env.HA_FAULTS ?? 'postgres,redis,processes,pause').split(',').filter(Boolean);
const STAFF_CLIENTS = Number(process.env.HA_STAFF_CLIENTS ?? 3);
const SETTLE_MS = Number(process.env.HA_SETTLE_SECONDS ?? 15) * 1000;
const PROVINCE = '80';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (msg: string) => process.stderr.write(`[test:ha] ${new Date().toISOString().slice(11, 23)} ${msg}\n`);
const today = () => new Date().toISOString().slice(0, 10);
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// --- Identities -------------------------------------------------------------------------
const engineEnv = readAssignments(join(HA_DATA, 'engine.env'));
const registered = { issuer: engineEnv.AUTH_JWT_ISSUER, audience: engineEnv.AUTH_JWT_AUDIENCE };
const PEOPLE: Record<string, { sub: string; roles: Role[]; areas?: string[]; authority?: Authority }> = {
  admin: { sub: 'ha-admin', roles: ['admin'] },
  officer: { sub: 'ha-officer', roles: ['officer'], areas: [PROVINCE] },
  collaborator: { sub: 'ha-ctv', roles: ['collaborator'], areas: ['27694'] },
  a1: { sub: 'appraiser-1', roles: ['appraiser'] },
  a2: { sub: 'appraiser-2', roles: ['appraiser'] },
  a3: { sub: 'appraiser-3', roles: ['appraiser'] },
  approver: { sub: 'ha-approver', roles: ['approver'], authority: 'people_committee' },
  accountant: { sub: 'ha-accountant', roles: ['accountant'] },
};
const tokens = new Map<string, string>();
function tokenOf(person: string): string {
  let token = tokens.get(person);
  if (!token) {
    const p = PEOPLE[person];
    if (!p) throw new Error(`unknown person ${person}`);
    token = signToken(engineEnv.AUTH_JWT_SECRET ?? '', p, 4 * 3600, registered);
    tokens.set(person, token);
  }
  return token;
}

// --- Every answer, by time ----------------------------------------------------------------
interface Answer {
  readonly sentAt: number;
  readonly at: number;
  readonly status: number; // 0: no HTTP answer (connection refused, reset, timeout)
  readonly kind: 'staff' | 'finance';
}
const answers: Answer[] = [];
/** Why requests got no HTTP answer, by cause. */
const noAnswer: Record<string, number> = {};

/** An acknowledged command: its stream and the version its answer gave. */
interface Ack {
  readonly projectId: string;
  readonly version: number;
  readonly command: string;
}
const acks: Ack[] = [];

const RETRYABLE = new Set([0, 502, 503, 504]);

/**
 * Sends one request until it gets an answer that is not "try again": the same Idempotency-Key
 * (or webhook-id) every time, a short pause between tries. Records every answer.
 */
async function sendUntilAnswered(
  kind: Answer['kind'],
  method: 'POST' | 'PATCH' | 'GET' | 'DELETE',
  path: string,
  body: unknown,
  headers: Record<string, string>,
  give = 120_000,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const deadline = Date.now() + give;
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  for (;;) {
    const sentAt = Date.now();
    let status: number;
    let json: Record<string, unknown> = {};
    try {
      const res = await fetch(`${API}${path}`, {
        method,
        headers: { accept: 'application/json', ...(text === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(text === undefined ? {} : { body: text }),
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      const raw = await res.text();
      try {
        json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        json = { raw };
      }
    } catch (error) {
      status = 0;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.name : String(error));
      noAnswer[why] = (noAnswer[why] ?? 0) + 1;
    }
    answers.push({ sentAt, at: Date.now(), status, kind });
    // A command that lost a race on a shared stream (the programme's budget) says "try again".
    const again = RETRYABLE.has(status) || (status === 409 && json.code === 'COMMAND.CONCURRENT_UPDATE');
    if (!again || Date.now() > deadline) return { status, json };
    const retryAfter = Number(json.retryAfter ?? 0);
    await sleep(Math.min(Math.max(retryAfter * 1000, 250), 2000));
  }
}

async function command(kind: Answer['kind'], person: string, method: 'POST' | 'PATCH', path: string, body: unknown, name: string, projectId?: string) {
  const answer = await sendUntilAnswered(kind, method, path, body, { authorization: `Bearer ${tokenOf(person)}`, 'idempotency-key': randomUUID() });
  if (answer.status >= 200 && answer.status < 300) {
    const id = projectId ?? String(answer.json.id);
    acks.push({ projectId: id, version: Number(answer.json.version), command: name });
  }
  return answer;
}

function ensure(answer: { status: number; json: Record<string, unknown> }, what: string): void {
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 400)}`);
}

// --- The lifecycle up to a requested tranche ----------------------------------------------
function draftBody(programmeId: string, n: number) {
  return {
    programmeId,
    title: `Dây chuyền sấy và đóng gói số ${n}`,
    category: 'MACHINERY',
    beneficiary: {
      name: 'Cơ sở sản xuất kẹo khóm Bến Lức',
      kind: 'household_business',
      province: PROVINCE,
      commune: '27694',
      contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
    },
    totalCostVnd: 400_000_000,
    requestedSupportVnd: 150_000_000,
    counterpartVnd: 250_000_000,
    plannedStart: today(),
    plannedEnd: dayFromToday(200),
    objectives: 'Nâng công suất lên 2 tấn/ngày',
  };
}

const SUBMIT = { declarations: { counterpartCommitted: true, noDoubleFunding: true } };

/** The steps from a draft to a requested first tranche, in today's dates. */
function stepsToTranche(n: number): { person: string; path: string; body: unknown; name: string }[] {
  return [
    { person: 'officer', path: 'submit', body: SUBMIT, name: 'SubmitProposal' },
    { person: 'officer', path: 'appraisal', body: { panel: ['appraiser-1', 'appraiser-2', 'appraiser-3'] }, name: 'OpenAppraisal' },
    { person: 'a1', path: 'appraisal/scores', body: { scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 } }, name: 'ScoreProposal' },
    { person: 'a2', path: 'appraisal/scores', body: { scores: { fit: 7, necessity: 8, cost: 7, capacity: 6, dossier: 8 } }, name: 'ScoreProposal' },
    { person: 'a3', path: 'appraisal/scores', body: { scores: { fit: 9, necessity: 8, cost: 7, capacity: 8, dossier: 7 } }, name: 'ScoreProposal' },
    { person: 'approver', path: 'appraisal/conclusion', body: { recommend: true, recommendedSupportVnd: 150_000_000, minutesRef: `BB-TĐ-${n}` }, name: 'ConcludeAppraisal' },
    { person: 'approver', path: 'approval', body: { decisionNo: `${n}/QĐ-SCT`, decidedOn: today(), approvedSupportVnd: 150_000_000 }, name: 'ApproveFunding' },
    {
      person: 'officer',
      path: 'contract',
      body: { contractNo: `HĐ-${n}/KC`, signedOn: today(), tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_000 }] },
      name: 'SignContract',
    },
    { person: 'officer', path: 'implementation', body: { startedOn: today() }, name: 'StartImplementation' },
    { person: 'officer', path: 'progress-reports', body: { period: today().slice(0, 7), percentComplete: 75, summary: 'Đã lắp đặt máy, đang chạy thử' }, name: 'ReportProgress' },
    { person: 'officer', path: 'tranches/1/request', body: { amountVnd: 100_000_000, evidenceRefs: [`HĐ mua máy số ${n}`] }, name: 'RequestTranche' },
  ];
}

async function createProject(kind: Answer['kind'], programmeId: string, n: number): Promise<string> {
  const created = await command(kind, 'officer', 'POST', '/projects', draftBody(programmeId, n), 'CreateProjectDraft');
  ensure(created, `creating draft ${n}`);
  return String(created.json.id);
}

async function prepareForPayment(programmeId: string, n: number): Promise<string> {
  const id = await createProject('staff', programmeId, n);
  for (const step of stepsToTranche(n)) ensure(await command('staff', step.person, 'POST', `/projects/${id}/${step.path}`, step.body, step.name, id), `${step.name} of ${n}`);
  return id;
}

// --- The finance receiver: payment orders by webhook-id -------------------------------------
const received = new Map<string, Set<string>>(); // paymentOrderNo → webhook-ids
const firstArrival = new Map<string, number>(); // paymentOrderNo → when it first arrived
const remindersReceived = new Map<string, Set<string>>(); // projectId of an info_reply reminder → webhook-ids
let receivedRequests = 0;
function startReceiver(): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receivedRequests += 1;
      const id = String(req.headers['webhook-id'] ?? '');
      try {
        type Message = { type: string; data: { paymentOrderNo?: string; projectId?: string; kind?: string } };
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Message | Message[];
        const messages = Array.isArray(body) ? body : [body];
        for (const message of messages) {
          if (message.type === 'reminder.due' && message.data?.kind === 'info_reply' && message.data.projectId) {
            const ids = remindersReceived.get(message.data.projectId) ?? new Set<string>();
            ids.add(id);
            remindersReceived.set(message.data.projectId, ids);
          }
          const order = message.data?.paymentOrderNo;
          if (message.type === 'payment_order.issued' && order) {
            const ids = received.get(order) ?? new Set<string>();
            ids.add(id);
            received.set(order, ids);
            if (!firstArrival.has(order)) firstArrival.set(order, Date.now());
          }
        }
      } catch {
        // not JSON: counted as a request only
      }
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- Load ---------------------------------------------------------------------------------
let stopping = false;
const issuedOrders: { projectId: string; orderNo: string; at: number }[] = [];
const confirmedOrders: { projectId: string; orderNo: string }[] = [];
const remindersDue: { projectId: string; dueAt: number }[] = [];

async function staffLoop(programmeId: string, client: number): Promise<void> {
  let n = 0;
  while (!stopping) {
    n += 1;
    const id = await createProject('staff', programmeId, 100_000 * (client + 1) + n).catch(() => undefined);
    if (!id) continue;
    await command('staff', 'officer', 'POST', `/projects/${id}/submit`, SUBMIT, 'SubmitProposal', id);
    if (n % 4 === 0) {
      // A reply due in 40 s that never comes: its reminder fires as a `reminder.due` webhook.
      const replyDueAt = new Date(Date.now() + 40_000).toISOString();
      const asked = await command('staff', 'officer', 'POST', `/projects/${id}/info-requests`, { reason: 'Thiếu báo giá thiết bị', replyDueAt }, 'RequestInformation', id);
      if (asked.status >= 200 && asked.status < 300) remindersDue.push({ projectId: id, dueAt: Date.parse(replyDueAt) });
      continue;
    }
    await command('staff', 'officer', 'POST', `/projects/${id}/info-requests`, { reason: 'Thiếu báo giá thiết bị' }, 'RequestInformation', id);
    await command('staff', 'officer', 'POST', `/projects/${id}/info-responses`, { note: 'Đã bổ sung 3 báo giá' }, 'ProvideInformation', id);
  }
}

async function financeLoop(ready: string[], run: string): Promise<void> {
  let n = 0;
  while (!stopping) {
    const projectId = ready.shift();
    if (!projectId) {
      await sleep(500);
      continue;
    }
    n += 1;
    const orderNo = `UNC-HA-${run}-${n}`;
    const approved = await command('finance', 'accountant', 'POST', `/projects/${projectId}/tranches/1/approval`, { paymentOrderNo: orderNo }, 'ApproveTranche', projectId);
    if (approved.status < 200 || approved.status >= 300) continue;
    issuedOrders.push({ projectId, orderNo, at: Date.now() });
    // The treasury confirms the payment, signed, under one webhook-id however often it sends it.
    const event = JSON.stringify({ type: 'payment.confirmed', data: { paymentOrderNo: orderNo, amountVnd: 100_000_000, treasuryRef: `KB-${orderNo}`, valueDate: today() } });
    const webhookId = `msg_${randomBytes(12).toString('hex')}`;
    for (;;) {
      const headers = buildWebhookHeaders({ secret: engineEnv.FINANCE_WEBHOOK_SECRET ?? '', id: webhookId, timestamp: Math.floor(Date.now() / 1000), body: event });
      const answer = await sendUntilAnswered('finance', 'POST', '/integrations/finance/events', event, headers, 5_000);
      if (answer.status === 202 || answer.status === 200) {
        confirmedOrders.push({ projectId, orderNo });
        break;
      }
      if (!RETRYABLE.has(answer.status)) {
        log(`payment confirmation of ${orderNo} answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 200)}`);
        break;
      }
    }
    await sleep(1500);
  }
}

// --- Faults -------------------------------------------------------------------------------
const pidOf = (name: string): number | undefined => {
  const file = join(HA_DATA, 'run', `${name}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
};
const postmasterOf = (node: string): number | undefined => {
  const file = join(HA_DATA, 'pg', node, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
};
const kill = (pid: number | undefined, signal: NodeJS.Signals) => {
  if (pid) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
};
const sh = (file: string, ...args: string[]) => execFileSync('bash', [join(INFRA, file), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

async function patroniRole(restPort: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${restPort}/patroni`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { role?: string; state?: string; replication_state?: string };
    return body.role;
  } catch {
    return undefined;
  }
}

async function syncStandbyPresent(): Promise<boolean> {
  try {
    for (const p of [port('PG1_REST_PORT'), port('PG2_REST_PORT')]) {
      const res = await fetch(`http://127.0.0.1:${p}/cluster`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { members?: { role: string; state: string }[] };
      if (body.members?.some((m) => m.role === 'sync_standby' && (m.state === 'streaming' || m.state === 'running'))) return true;
    }
  } catch {
    return false;
  }
  return false;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await sleep(250);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

function redisPrimary(): number | undefined {
  for (const p of SENTINEL_PORTS) {
    const out = spawnSync('redis-cli', ['-p', String(p), 'sentinel', 'get-master-addr-by-name', SENTINEL_NAME], { encoding: 'utf8' });
    const lines = out.stdout.trim().split('\n');
    if (out.status === 0 && lines.length === 2) return Number(lines[1]);
  }
  return undefined;
}

interface FaultFigures {
  fault: string;
  /** From the fault to the first successful command sent after the last one the outage failed. */
  recoveryMs: number | null;
  /** From the fault to the last failed answer (no answer or a 5xx), when there was one. */
  lastFailureMs?: number | null;
  goalMs: number | null;
  /** From the fault to the receiver's reading a payment order approved after it (database, queue and worker all working). */
  deliveryMs?: number | null;
  answers: Record<string, number>;
  note?: string;
}

/**
 * Answers of requests sent in [from, to): counts by status, and when commands worked again — the
 * first success sent after the last request the outage failed (no answer or a 5xx; refusals such
 * as 409 or 429 are the load's own). Without a failure, the first success: requests in flight when
 * a primary dies may still complete on it (its backends outlive a killed postmaster for a moment,
 * and the synchronous standby still acknowledges their commits), so "the first success after the
 * fault" alone would say nothing of the outage.
 */
function answersBetween(from: number, to: number) {
  const inside = answers.filter((a) => a.sentAt >= from && a.sentAt < to);
  const byStatus: Record<string, number> = {};
  for (const a of inside) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
  const failed = inside.filter((a) => a.status === 0 || a.status >= 500);
  const lastFailedSentAt = failed.length === 0 ? -Infinity : Math.max(...failed.map((a) => a.sentAt));
  const firstOk = inside.filter((a) => a.status >= 200 && a.status < 300 && a.sentAt > lastFailedSentAt).sort((a, b) => a.at - b.at)[0];
  const lastFailedAt = failed.length === 0 ? undefined : Math.max(...failed.map((a) => a.at));
  return { byStatus, firstOkAt: firstOk?.at, lastFailedAt };
}

async function faultPostgres(): Promise<FaultFigures> {
  const nodes = [
    { node: 'pg1', rest: port('PG1_REST_PORT') },
    { node: 'pg2', rest: port('PG2_REST_PORT') },
  ];
  const roles = await Promise.all(nodes.map((n) => patroniRole(n.rest)));
  const leader = nodes[roles.indexOf('master') >= 0 ? roles.indexOf('master') : roles.indexOf('primary')];
  if (!leader) throw new Error(`no PostgreSQL primary (roles ${roles.join(', ')})`);
  const other = nodes.find((n) => n !== leader) as (typeof nodes)[number];
  log(`kill -9 of PostgreSQL primary ${leader.node} (Patroni and postmaster)`);
  const at = Date.now();
  kill(pidOf(`patroni-${leader.node}`), 'SIGKILL');
  kill(postmasterOf(leader.node), 'SIGKILL');
  const promotedMs = await waitFor(`${other.node} promoted`, async () => ['master', 'primary'].includes((await patroniRole(other.rest)) ?? ''), 90_000);
  log(`${other.node} promoted after ${promotedMs} ms`);
  await waitFor('a successful command after the fault', () => answersBetween(at, Date.now()).firstOkAt !== undefined, 90_000);
  await sleep(SETTLE_MS);
  const figures = answersBetween(at, Date.now());
  // The old primary rejoins as a standby (pg_rewind when its timeline forked).
  log(`restarting ${leader.node}: it rejoins as a standby`);
  sh('up.sh');
  await waitFor('a synchronous standby again', syncStandbyPresent, 120_000);
  return { fault: 'postgres-primary-kill', recoveryMs: figures.firstOkAt ? figures.firstOkAt - at : null, lastFailureMs: figures.lastFailedAt ? figures.lastFailedAt - at : null, goalMs: 30_000, answers: figures.byStatus, note: `standby promoted after ${promotedMs} ms` };
}

async function faultRedis(): Promise<FaultFigures> {
  const primaryPort = redisPrimary();
  const node = primaryPort === port('REDIS1_PORT') ? 'redis1' : 'redis2';
  log(`kill -9 of Redis primary ${node} (:${primaryPort})`);
  const at = Date.now();
  kill(pidOf(node), 'SIGKILL');
  const switchedMs = await waitFor('the sentinels to name a new primary', () => (redisPrimary() ?? primaryPort) !== primaryPort, 60_000);
  log(`sentinels switched after ${switchedMs} ms`);
  await waitFor('a successful command after the fault', () => answersBetween(at, Date.now()).firstOkAt !== undefined, 60_000);
  await sleep(SETTLE_MS);
  const figures = answersBetween(at, Date.now());
  log(`restarting ${node}: the sentinels make it a replica`);
  sh('up.sh');
  return { fault: 'redis-primary-kill', recoveryMs: figures.firstOkAt ? figures.firstOkAt - at : null, lastFailureMs: figures.lastFailedAt ? figures.lastFailedAt - at : null, goalMs: 10_000, answers: figures.byStatus, note: `sentinels switched after ${switchedMs} ms` };
}

async function faultProcesses(): Promise<FaultFigures> {
  log('kill -9 of api1 and worker1');
  const at = Date.now();
  kill(pidOf('api1'), 'SIGKILL');
  kill(pidOf('worker1'), 'SIGKILL');
  await sleep(SETTLE_MS);
  const figures = answersBetween(at, Date.now());
  log('restarting api1 and worker1');
  sh('engine.sh', 'start', 'api1');
  sh('engine.sh', 'start', 'worker1');
  await waitFor('api1 ready', async () => (await fetch(`http://127.0.0.1:${port('API1_PORT')}/health/ready`).catch(() => undefined))?.status === 200, 60_000);
  return { fault: 'api-and-worker-kill', recoveryMs: figures.firstOkAt ? Math.max(0, figures.firstOkAt - at) : null, goalMs: null, answers: figures.byStatus };
}

async function faultPause(): Promise<FaultFigures> {
  const pauseMs = 40_000;
  log(`SIGSTOP of worker2 for ${pauseMs / 1000} s (longer than its 30 s job lease)`);
  const at = Date.now();
  kill(pidOf('worker2'), 'SIGSTOP');
  await sleep(pauseMs);
  kill(pidOf('worker2'), 'SIGCONT');
  log('SIGCONT of worker2');
  await sleep(SETTLE_MS);
  const figures = answersBetween(at, Date.now());
  return { fault: 'worker-paused-past-lease', recoveryMs: figures.firstOkAt ? Math.max(0, figures.firstOkAt - at) : null, goalMs: null, answers: figures.byStatus };
}

// --- Checks -------------------------------------------------------------------------------
async function main(): Promise<void> {
  if (!existsSync(join(HA_DATA, 'engine.env'))) throw new Error(`no cluster in ${HA_DATA}: run npm run ha:up first`);
  const run = randomBytes(3).toString('hex').toUpperCase();
  const receiver = await startReceiver();
  const admin = { authorization: `Bearer ${tokenOf('admin')}` };
  const endpoint = await sendUntilAnswered('staff', 'POST', '/webhook-endpoints', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/finance`, eventTypes: ['payment_order.issued', 'reminder.due'], description: `test:ha ${run}` }, admin);
  ensure(endpoint, 'registering the finance endpoint');
  const programme = await sendUntilAnswered(
    'staff',
    'POST',
    '/programmes',
    {
      code: `KCDP-LA-HA-${run}`,
      name: 'Khuyến công địa phương tỉnh Long An (fault test)',
      year: new Date().getUTCFullYear(),
      fundingSource: 'local',
      province: PROVINCE,
      budgetVnd: 900_000_000_000,
      policyId: 'vn-longan-local-2022',
      registrationOpensOn: dayFromToday(-2),
      registrationClosesOn: dayFromToday(30),
    },
    { ...admin, 'idempotency-key': randomUUID() },
  );
  ensure(programme, 'creating the programme');
  const programmeId = String(programme.json.id);

  // Projects ready for their first payment order, prepared before any fault.
  const perFault = Number(process.env.HA_ORDERS_PER_FAULT ?? 30);
  const toPrepare = perFault * (FAULTS.length + 1);
  log(`preparing ${toPrepare} projects up to a requested tranche`);
  const ready: string[] = [];
  for (let i = 0; i < toPrepare; i += 4) {
    ready.push(...(await Promise.all(Array.from({ length: Math.min(4, toPrepare - i) }, (_, k) => prepareForPayment(programmeId, i + k + 1)))));
  }
  answers.length = 0; // the figures count the load under faults only

  log(`load: ${STAFF_CLIENTS} staff clients, 1 finance client; faults: ${FAULTS.join(', ')}`);
  const loops = [...Array.from({ length: STAFF_CLIENTS }, (_, c) => staffLoop(programmeId, c)), financeLoop(ready, run)];
  const started = Date.now();
  await sleep(SETTLE_MS);
  const faults: FaultFigures[] = [];
  const runFault: Record<string, () => Promise<FaultFigures>> = { postgres: faultPostgres, redis: faultRedis, processes: faultProcesses, pause: faultPause };
  const faultStarts: number[] = [];
  for (const name of FAULTS) {
    const fault = runFault[name];
    if (!fault) throw new Error(`unknown fault ${name} (postgres, redis, processes, pause)`);
    faultStarts.push(Date.now());
    const figures = await fault();
    await sleep(SETTLE_MS);
    // The answers from the fault to the next one: the repair (a node started again) included.
    figures.answers = answersBetween(faultStarts[faultStarts.length - 1] ?? 0, Date.now()).byStatus;
    faults.push(figures);
    log(`${name}: ${JSON.stringify(figures)}`);
  }
  stopping = true;
  await Promise.all(loops);
  const loadSeconds = Math.round((Date.now() - started) / 1000);

  // Every payment order at the receiver (deliveries retried after the faults included).
  log(`waiting for ${issuedOrders.length} payment orders at the receiver`);
  await waitFor('every payment order at the receiver', () => issuedOrders.every((o) => received.has(o.orderNo)), 180_000).catch((error: Error) => log(error.message));
  log(`waiting for ${remindersDue.length} reminders at the receiver`);
  await waitFor('every reminder at the receiver', () => remindersDue.every((r) => remindersReceived.has(r.projectId)), 240_000).catch((error: Error) => log(error.message));

  faults.forEach((f, i) => {
    const from = faultStarts[i] ?? 0;
    const arrivals = issuedOrders.filter((o) => o.at >= from).map((o) => firstArrival.get(o.orderNo)).filter((t): t is number => t !== undefined);
    f.deliveryMs = arrivals.length > 0 ? Math.min(...arrivals) - from : null;
  });

  const db = new Pool({ connectionString: engineEnv.DATABASE_URL, max: 2 });
  const lost: Ack[] = [];
  const versionsByStream = new Map<string, number>();
  try {
    const streams = [...new Set(acks.map((a) => a.projectId))];
    const rows = await db.query<{ stream_id: string; version: number }>(`SELECT stream_id, version FROM events WHERE stream_id = ANY($1::text[])`, [streams.map((id) => `project-${id}`)]);
    const present = new Set(rows.rows.map((r) => `${r.stream_id}@${r.version}`));
    for (const r of rows.rows) versionsByStream.set(r.stream_id, Math.max(versionsByStream.get(r.stream_id) ?? 0, r.version));
    for (const ack of acks) if (!present.has(`project-${ack.projectId}@${ack.version}`)) lost.push(ack);
    // The read models catch up, then each project's must be at its stream's version.
    await waitFor(
      'the read models to catch up',
      async () => {
        const rm = await db.query<{ id: string; version: number }>(`SELECT id, version FROM projects WHERE id = ANY($1::text[])`, [streams]);
        return rm.rows.length === streams.length && rm.rows.every((r) => r.version === versionsByStream.get(`project-${r.id}`));
      },
      120_000,
    ).catch((error: Error) => log(error.message));
    const rm = await db.query<{ id: string; version: number; disbursed_vnd: string | null }>(`SELECT id, version, disbursed_vnd FROM projects WHERE id = ANY($1::text[])`, [streams]);
    const confirmed = new Set(confirmedOrders.map((o) => o.projectId));
    const readModelMismatches = rm.rows.filter((r) => r.version !== versionsByStream.get(`project-${r.id}`)).map((r) => ({ id: r.id, readModel: r.version, log: versionsByStream.get(`project-${r.id}`) }));
    const disbursedMismatches = rm.rows
      .filter((r) => confirmed.has(r.id) && Number(r.disbursed_vnd ?? 0) !== 100_000_000)
      .map((r) => ({ id: r.id, disbursedVnd: Number(r.disbursed_vnd ?? 0) }));
    const missingReadModels = streams.length - rm.rows.length;
    const ordersMissing = issuedOrders.filter((o) => !received.has(o.orderNo)).map((o) => o.orderNo);
    const ordersWithSeveralIds = [...received].filter(([, ids]) => ids.size > 1).map(([order, ids]) => ({ order, ids: [...ids] }));
    const remindersMissing = remindersDue.filter((r) => !remindersReceived.has(r.projectId)).map((r) => r.projectId);
    const remindersWithSeveralIds = [...remindersReceived].filter(([, ids]) => ids.size > 1).map(([projectId, ids]) => ({ projectId, ids: [...ids] }));
    const total: Record<string, number> = {};
    for (const a of answers) total[String(a.status)] = (total[String(a.status)] ?? 0) + 1;
    const errors500 = answers.filter((a) => a.status >= 500 && a.status !== 502 && a.status !== 503 && a.status !== 504).length;
    const summary = {
      loadSeconds,
      commandsAcknowledged: acks.length,
      answers: total,
      answers500: errors500,
      noAnswer,
      paymentOrders: { issued: issuedOrders.length, confirmed: confirmedOrders.length, received: received.size, missing: ordersMissing.length, withSeveralWebhookIds: ordersWithSeveralIds.length, receiverRequests: receivedRequests },
      reminders: { due: remindersDue.length, received: remindersReceived.size, missing: remindersMissing.length, withSeveralWebhookIds: remindersWithSeveralIds.length },
      lostCommands: lost.length,
      readModelMismatches: readModelMismatches.length + missingReadModels,
      disbursedMismatches: disbursedMismatches.length,
      faults,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);

    const failures: string[] = [];
    if (lost.length > 0) failures.push(`${lost.length} acknowledged commands are not in the log: ${JSON.stringify(lost.slice(0, 5))}`);
    if (readModelMismatches.length + missingReadModels > 0) failures.push(`read models off their streams: ${JSON.stringify(readModelMismatches.slice(0, 5))}, ${missingReadModels} missing`);
    if (disbursedMismatches.length > 0) failures.push(`payments applied other than once: ${JSON.stringify(disbursedMismatches.slice(0, 5))}`);
    if (ordersMissing.length > 0) failures.push(`payment orders never delivered: ${ordersMissing.slice(0, 10).join(', ')}`);
    if (remindersMissing.length > 0) failures.push(`reminders never delivered (projects): ${remindersMissing.slice(0, 10).join(', ')}`);
    if (remindersWithSeveralIds.length > 0) failures.push(`reminders delivered under several webhook-ids: ${JSON.stringify(remindersWithSeveralIds.slice(0, 5))}`);
    if (ordersWithSeveralIds.length > 0) failures.push(`payment orders delivered under several webhook-ids: ${JSON.stringify(ordersWithSeveralIds.slice(0, 5))}`);
    for (const f of faults) {
      if (f.recoveryMs === null) failures.push(`${f.fault}: no successful command after the fault`);
      else if (f.goalMs !== null && f.recoveryMs > f.goalMs) failures.push(`${f.fault}: ${f.recoveryMs} ms to the first successful command (goal ${f.goalMs} ms)`);
      // Commands need PostgreSQL only; the queues (Redis) show in the deliveries, held to the same goal.
      if (f.goalMs !== null && (f.deliveryMs ?? Infinity) > f.goalMs) failures.push(`${f.fault}: ${f.deliveryMs ?? 'no'} ms to the first payment order delivered after it (goal ${f.goalMs} ms)`);
    }
    if (errors500 > 0) failures.push(`${errors500} answers were 500s (outages must answer 503 with Retry-After)`);
    if (failures.length > 0) {
      for (const f of failures) log(`FAILED: ${f}`);
      process.exitCode = 1;
    } else {
      log('passed');
    }
  } finally {
    // The receiver goes away with this run: so does its endpoint.
    await sendUntilAnswered('staff', 'DELETE', `/webhook-endpoints/${String(endpoint.json.id)}`, undefined, admin, 10_000).catch(() => undefined);
    await db.end();
    receiver.close();
  }
}

main().catch((error: unknown) => {
  log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
