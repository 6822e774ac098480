import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboundWebhooks } from '@app/webhooks';
import { createDraft, createProgramme, DRAFT, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(90_000);

const stepOf = (command: string) => MAIN_PATH.findIndex((s) => s.command === command);

/** Personal data of the scenario: a household business and its contact person. */
const OWNER = 'Hộ kinh doanh Phạm Thị Ngọc Lan';
const CONTACT = 'Phạm Thị Ngọc Lan';
const PHONE = '0987654321';

describe('erasure by crypto-shredding', () => {
  let engine: TestEngine;
  let projectId: string;
  let hooks: Server;
  let signingSecret: string;
  const received: string[] = [];

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    const endpoint = await engine.http
      .post('/api/v1/webhook-endpoints')
      .set(headers(engine, 'admin'))
      .send({ url: `http://127.0.0.1:${(hooks.address() as { port: number }).port}/`, eventTypes: ['payment_order.issued'] })
      .expect(201);
    signingSecret = endpoint.body.secret as string;
    const programmeId = await createProgramme(engine);
    // The draft's beneficiary is a household business with a contact person.
    Object.assign(DRAFT.beneficiary, { name: OWNER, contact: { name: CONTACT, phone: PHONE } });
    projectId = await driveTo(engine, programmeId, stepOf('ApproveTranche') + 1);
    await engine.app.get(OutboundWebhooks).dispatcher.catchUp();
  });
  afterAll(async () => {
    Object.assign(DRAFT.beneficiary, { name: 'Cơ sở sản xuất kẹo khóm Bến Lức', contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } });
    await engine?.close();
    hooks?.close();
  });

  const dump = () =>
    execFileSync('pg_dump', ['--no-owner', '--schema', engine.schema, engine.config.databaseUrl ?? ''], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

  it('keeps personal data out of the log in clear, while staff read it', async () => {
    const stored = await engine.db.query<{ data: string }>("SELECT data::text AS data FROM events WHERE stream_id = $1", [`project-${projectId}`]);
    const raw = stored.rows.map((r) => r.data).join('\n');
    for (const secret of [OWNER, CONTACT, PHONE]) expect(raw).not.toContain(secret);
    expect(raw).toContain('pd:v1:project_');
    const history = await engine.http.get(`/api/v1/projects/${projectId}/history`).set(headers(engine, 'officer')).expect(200);
    expect(JSON.stringify(history.body)).toContain(CONTACT);
    const detail = await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${(await engine.lastPosition())}`).set(headers(engine, 'officer')).expect(200);
    expect(detail.body.beneficiary).toMatchObject({ name: OWNER, contact: { name: CONTACT, phone: PHONE } });
    expect(detail.body.dataSubjectId).toBe(`project_${projectId}`);
    // Finance needs the payee's name to pay: the message carries it.
    for (let i = 0; i < 200 && !received.some((b) => b.includes(OWNER)); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(received.some((b) => b.includes(OWNER))).toBe(true);
  });

  it('erases the subject: history, read models and stored copies show [erased], the chain still verifies, the dump holds no plaintext', async () => {
    const subject = `project_${projectId}`;
    const res = await engine.http.post(`/api/v1/admin/data-subjects/${subject}/erasure`).set(headers(engine, 'admin')).expect(200);
    expect(res.body).toMatchObject({ subjectId: subject, status: 'erased' });
    expect(res.body.scrubbedDeliveries).toBeGreaterThanOrEqual(1);

    const detail = await engine.http.get(`/api/v1/projects/${projectId}`).set(headers(engine, 'officer')).expect(200);
    expect(detail.body.beneficiary).toMatchObject({ name: '[erased]', contact: { name: '[erased]', phone: '[erased]' } });
    const history = await engine.http.get(`/api/v1/projects/${projectId}/history`).set(headers(engine, 'auditor')).expect(200);
    const text = JSON.stringify(history.body);
    for (const secret of [OWNER, CONTACT, PHONE]) expect(text).not.toContain(secret);
    expect(text).toContain('[erased]');
    const past = await engine.http.get(`/api/v1/projects/${projectId}/state?version=1`).set(headers(engine, 'auditor')).expect(200);
    expect(JSON.stringify(past.body)).not.toContain(CONTACT);

    const verify = await engine.http.get('/api/v1/audit/verify').set(headers(engine, 'auditor')).expect(200);
    expect(verify.body.ok).toBe(true);

    const dumped = dump();
    expect(dumped.length).toBeGreaterThan(10_000);
    for (const secret of [OWNER, CONTACT, PHONE]) expect(dumped).not.toContain(secret);
    // Nor does it hold the keys in clear: the signing secret is wrapped under the key-encryption key.
    expect(dumped).not.toContain(signingSecret.slice('whsec_'.length));
    expect(dumped).toContain('kek:v1:');
  });

  it('answers 404 for an unknown subject and changes nothing on a second erasure', async () => {
    await engine.http.post('/api/v1/admin/data-subjects/project_unknown/erasure').set(headers(engine, 'admin')).expect(404);
    const again = await engine.http.post(`/api/v1/admin/data-subjects/project_${projectId}/erasure`).set(headers(engine, 'admin')).expect(200);
    expect(again.body.status).toBe('already_erased');
    await engine.http.post(`/api/v1/admin/data-subjects/project_${projectId}/erasure`).set(headers(engine, 'officer')).expect(403);
  });
});

describe('erasure on the embedded database (one connection)', () => {
  let engine: TestEngine;
  let dataDir: string;
  let projectId: string;
  const beneficiary = { ...DRAFT.beneficiary, name: 'Hộ kinh doanh Đỗ Văn Khải', contact: { name: 'Đỗ Văn Khải', phone: '0977000111' } };
  const start = (reuse?: { schema: string; prefix: string }) => startTestEngine({ env: { DATABASE_URL: '', DATA_DIR: dataDir }, ...(reuse ? { reuse } : {}) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'erasure-e2e-'));
    engine = await start();
    expect(engine.config.databaseUrl).toBeUndefined();
    projectId = await createDraft(engine, await createProgramme(engine), { beneficiary });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers at once, shows [erased] everywhere, stays ready, and a restarted engine answers already_erased', async () => {
    const before = await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${await engine.lastPosition()}`).set(headers(engine, 'officer')).expect(200);
    expect(before.body.beneficiary.contact).toEqual(beneficiary.contact);

    const res = await engine.http.post(`/api/v1/admin/data-subjects/project_${projectId}/erasure`).set(headers(engine, 'admin')).timeout(20_000).expect(200);
    expect(res.body).toMatchObject({ subjectId: `project_${projectId}`, status: 'erased' });
    const detail = await engine.http.get(`/api/v1/projects/${projectId}`).set(headers(engine, 'officer')).expect(200);
    expect(detail.body.beneficiary).toMatchObject({ name: '[erased]', contact: { name: '[erased]', phone: '[erased]' } });
    const history = await engine.http.get(`/api/v1/projects/${projectId}/history`).set(headers(engine, 'auditor')).expect(200);
    for (const secret of [beneficiary.name, beneficiary.contact.name, beneficiary.contact.phone]) expect(JSON.stringify(history.body)).not.toContain(secret);
    await engine.http.get('/health/ready').expect(200);
    const recorded = await engine.db.query<{ metadata: { actor: { id: string } } }>("SELECT metadata FROM events WHERE type = 'DataSubjectErased'");
    expect(recorded.rows.map((r) => r.metadata.actor.id)).toEqual(['admin-1']);

    await engine.stop();
    engine = await start({ schema: engine.schema, prefix: engine.prefix });
    const again = await engine.http.post(`/api/v1/admin/data-subjects/project_${projectId}/erasure`).set(headers(engine, 'admin')).timeout(20_000).expect(200);
    expect(again.body.status).toBe('already_erased');
    const after = await engine.http.get(`/api/v1/projects/${projectId}`).set(headers(engine, 'officer')).expect(200);
    expect(after.body.beneficiary.contact).toEqual({ name: '[erased]', phone: '[erased]' });
    expect((await engine.db.query("SELECT 1 FROM events WHERE type = 'DataSubjectErased'")).rows).toHaveLength(1);
  });
});
