import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditChain, AuditPublicKey, verifyExport } from '@app/audit';
import type { DocumentContentStore } from '@app/documents';
import { DOCUMENT_STORE } from '@app/runtime';
import { createDraft, createProgramme, headers, MAIN_PATH, payOrders, send } from './support/lifecycle';
import { changeOneByte, deleteEvents, logAtRest, swapPositions } from './support/audit-tampering';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(90_000);

interface LogRow {
  position: number;
  transactionId: string;
  streamId: string;
  type: string;
}

describe('audit: time travel, tamper evidence, exports', () => {
  let engine: TestEngine;
  let chain: AuditChain;
  let programmeId: string;
  let projectId: string;
  let withdrawnId: string;

  const log = async (): Promise<LogRow[]> =>
    (
      await engine.db.query<{ position: string; transaction_id: string; stream_id: string; type: string }>(
        'SELECT position, transaction_id::text AS transaction_id, stream_id, type FROM events ORDER BY events.transaction_id, events.position',
      )
    ).rows.map((r) => ({ position: Number(r.position), transactionId: r.transaction_id, streamId: r.stream_id, type: r.type }));
  const verify = async () => (await engine.http.get('/api/v1/audit/verify').set(headers(engine, 'auditor')).expect(200)).body;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { AUDIT_EXPORT_MAX_EVENTS: '25', OPEN_DATA_PREFIX: 'kc-longan', AUDIT_SIGNING_KEY: TEST_AUDIT_KEY } });
    chain = engine.app.get(AuditChain);
    programmeId = await createProgramme(engine, 400_000_000);
    projectId = await createDraft(engine, programmeId);
    const pay = payOrders(engine);
    for (const [index, step] of MAIN_PATH.entries()) {
      await pay(index, step, projectId);
      const res = await send(engine, projectId, step);
      if (res.status !== 200) throw new Error(`${step.command}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    withdrawnId = await createDraft(engine, programmeId);
    await send(engine, withdrawnId, { ...(MAIN_PATH[1] as (typeof MAIN_PATH)[number]), at: '2026-03-06T02:00:00Z' });
    await send(engine, withdrawnId, { command: 'WithdrawProposal', at: '2026-03-07T02:00:00Z', person: 'officer', method: 'post', path: 'withdrawal', body: { reason: 'Cơ sở đổi ý' }, status: 'withdrawn' });
    await logAtRest(engine.db);
    await chain.catchUp();
    await engine.projections.catchUp();
  });
  afterAll(() => engine?.close());

  describe('time travel', () => {
    it('answers the past status of a project by version, recorded time and effective time', async () => {
      const byVersion = await engine.http.get(`/api/v1/projects/${projectId}/state?version=4`).set(headers(engine, 'auditor')).expect(200);
      expect(byVersion.headers.etag).toBe('"4"');
      expect(byVersion.body).toMatchObject({
        id: projectId,
        version: 4,
        status: 'info_requested',
        asOf: { version: 4 },
        policy: { id: 'vn-longan-local-2022', version: 1 },
        integrity: { chainVerified: true },
        state: { status: 'info_requested', proposal: { title: 'Dây chuyền sản xuất kẹo khóm' } },
      });
      const byTime = await engine.http.get(`/api/v1/projects/${projectId}/state?at=2026-03-03T12:00:00%2B07:00`).set(headers(engine, 'officer')).expect(200);
      expect(byTime.body).toMatchObject({ version: 3, status: 'submitted', asOf: { at: '2026-03-03T12:00:00+07:00' } });
      const approved = await engine.http.get(`/api/v1/projects/${projectId}/state?at=2026-04-15T00:00:00Z`).set(headers(engine, 'auditor')).expect(200);
      expect(approved.body.status).toBe('approved');
      expect(approved.body.state.funding).toMatchObject({ decisionNo: '45/QĐ-SCT', approvedSupportVnd: 150_000_000 });
      const effective = await engine.http.get(`/api/v1/projects/${projectId}/state?asOfEffective=2026-07-15T00:00:00Z`).set(headers(engine, 'auditor')).expect(200);
      expect(effective.body).toMatchObject({ status: 'suspended', excludedVersions: [] });
      const latest = await engine.http.get(`/api/v1/projects/${projectId}/state`).set(headers(engine, 'auditor')).expect(200);
      expect(latest.body).toMatchObject({ status: 'closed', asOf: { latest: true } });
    });

    it('answers the past budget of a programme', async () => {
      const before = await engine.http.get(`/api/v1/programmes/${programmeId}/state?at=2026-04-01T00:00:00Z`).set(headers(engine, 'auditor')).expect(200);
      expect(before.body).toMatchObject({ version: 1, status: 'active', state: { totalVnd: 400_000_000, reservedVnd: 0 } });
      const after = await engine.http.get(`/api/v1/programmes/${programmeId}/state?at=2026-04-11T00:00:00Z`).set(headers(engine, 'auditor')).expect(200);
      expect(after.body.state.reservedVnd).toBe(150_000_000);
    });

    it('says clearly when nothing existed then, and names the malformed parameter', async () => {
      const early = await engine.http.get(`/api/v1/projects/${projectId}/state?at=2026-01-01T00:00:00Z`).set(headers(engine, 'auditor')).expect(404);
      expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(early.body).toMatchObject({ code: 'PROJECT.NOT_FOUND_AT', status: 404 });
      expect(early.body.detail).toMatch(/did not exist at 2026-01-01T00:00:00Z: its first event was recorded at 2026-03-02T02:00:00.000Z/);
      const tooFar = await engine.http.get(`/api/v1/projects/${projectId}/state?version=999`).set(headers(engine, 'auditor')).expect(404);
      expect(tooFar.body).toMatchObject({ code: 'PROJECT.NOT_FOUND_AT', details: { latestVersion: expect.any(Number) } });
      const unknown = await engine.http.get('/api/v1/projects/no-such-project/state?version=1').set(headers(engine, 'auditor')).expect(404);
      expect(unknown.body.code).toBe('PROJECT.NOT_FOUND');
      const programme = await engine.http.get(`/api/v1/programmes/${programmeId}/state?at=2025-12-31T00:00:00Z`).set(headers(engine, 'auditor')).expect(404);
      expect(programme.body.code).toBe('PROGRAMME.NOT_FOUND_AT');

      for (const [query, field] of [
        ['version=abc', 'version'],
        ['version=0', 'version'],
        ['version=1.5', 'version'],
        ['at=yesterday', 'at'],
        ['at=2026-02-30T00:00:00Z', 'at'],
        ['at=2026-03-03T12:00:00', 'at'],
        ['asOfEffective=2026-13-01T00:00:00Z', 'asOfEffective'],
      ] as const) {
        const res = await engine.http.get(`/api/v1/projects/${projectId}/state?${query}`).set(headers(engine, 'auditor'));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const both = await engine.http.get(`/api/v1/projects/${projectId}/state?version=2&at=2026-03-03T00:00:00Z`).set(headers(engine, 'auditor')).expect(400);
      expect(both.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['at', 'version']);
    });

    it('is read-only for auditors and closed to the finance system', async () => {
      await engine.http.get(`/api/v1/projects/${projectId}/state?version=1`).set(headers(engine, 'finance')).expect(403);
      await engine.http.post(`/api/v1/projects/${withdrawnId}/submit`).set(headers(engine, 'auditor')).send({ declarations: { counterpartCommitted: true, noDoubleFunding: true } }).expect(403);
      await engine.http.get('/api/v1/audit/verify').set(headers(engine, 'officer')).expect(403);
      await engine.http.get(`/api/v1/exports/360giving?programmeId=${programmeId}`).set(headers(engine, 'approver')).expect(403);
      await engine.http.get('/api/v1/audit/checkpoints').set(headers(engine, 'admin')).expect(200);
    });
  });

  describe('verification and checkpoints', () => {
    it('verifies the untouched log and publishes signed checkpoints with their public key', async () => {
      await chain.checkpointNow();
      const events = (await log()).length;
      const report = await verify();
      expect(report).toMatchObject({ ok: true, checkedEvents: events, chainedEvents: events, checkpoints: { verified: 1 } });
      expect(report.headPosition).toBe((await log()).at(-1)?.position);
      expect(report.firstBrokenPosition).toBeUndefined();

      const res = await engine.http.get('/api/v1/audit/checkpoints').set(headers(engine, 'auditor')).expect(200);
      expect(res.body.publicKey).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^ed25519:/) });
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ eventCount: events, position: report.headPosition });
      const key = AuditPublicKey.parse(res.body.publicKey.publicKeyPem);
      expect(key.verifyCheckpoint(res.body.items[0])).toBe(true);
      expect(key.verifyCheckpoint({ ...res.body.items[0], eventCount: events - 1 })).toBe(false);
    });

    it('adds the document contents on documents=true, and names a malformed flag', async () => {
      const events = (await log()).length;
      const withDocuments = await engine.http.get('/api/v1/audit/verify?documents=true').set(headers(engine, 'auditor')).expect(200);
      expect(withDocuments.body).toMatchObject({ ok: true, checkedEvents: events, documents: { checked: 0, broken: [] } });
      const without = await engine.http.get('/api/v1/audit/verify?documents=false').set(headers(engine, 'auditor')).expect(200);
      expect(without.body.documents).toBeUndefined();
      const bad = await engine.http.get('/api/v1/audit/verify?documents=yes').set(headers(engine, 'auditor')).expect(400);
      expect(bad.body.errors[0].field).toBe('documents');
    });

    it('keeps the engine role from changing stored events or chain links', async () => {
      await expect(engine.db.query("UPDATE events SET type = 'X' WHERE position = 1")).rejects.toThrow(/append-only/);
      await expect(engine.db.query('DELETE FROM events WHERE position = 1')).rejects.toThrow(/append-only/);
      await expect(engine.db.query('DELETE FROM audit_chain WHERE ordinal = 1')).rejects.toThrow(/append-only/);
      await expect(engine.db.query("UPDATE audit_checkpoints SET signature = 'x'")).rejects.toThrow(/append-only/);
    });

    it('names the event after one byte of its data is changed', async () => {
      const approval = (await log()).find((e) => e.type === 'FundingApproved');
      if (!approval) throw new Error('no approval');
      const undo = await changeOneByte(engine.db, approval.position, '150000000', '150000001');
      try {
        expect(await verify()).toMatchObject({ ok: false, firstBrokenPosition: approval.position, reason: 'hash_mismatch' });
      } finally {
        await undo();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('names a deleted event in the middle of the log', async () => {
      const scored = (await log()).filter((e) => e.type === 'ProposalScored')[1];
      if (!scored) throw new Error('no score');
      const undo = await deleteEvents(engine.db, [scored.position]);
      try {
        expect(await verify()).toMatchObject({ ok: false, firstBrokenPosition: scored.position, reason: 'missing_event' });
      } finally {
        await undo();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('names the first of two events of different streams that exchanged places', async () => {
      const rows = await log();
      const index = rows.findIndex((e, i) => i > 0 && e.streamId !== rows[i - 1]?.streamId && e.transactionId !== rows[i - 1]?.transactionId);
      const [a, b] = [rows[index - 1], rows[index]];
      if (!a || !b) throw new Error('no neighbours of different streams');
      const undo = await swapPositions(engine.db, a.position, b.position);
      try {
        expect(await verify()).toMatchObject({ ok: false, firstBrokenPosition: a.position, reason: 'chain_mismatch' });
      } finally {
        await undo();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('catches the newest events deleted, against the last signed checkpoint', async () => {
      const rows = await log();
      const tail = rows.slice(-3).map((e) => e.position);
      // As a thorough attacker would, the chain links go too: only the signed checkpoint is left.
      const undo = await deleteEvents(engine.db, tail, true);
      try {
        const report = await verify();
        expect(report).toMatchObject({ ok: false, reason: 'truncated', checkedEvents: rows.length - 3 });
        expect(report.detail).toMatch(/signed checkpoint/);
        // With its link gone the first missing event's position is only an estimate: none of the
        // positions left, at most the signed head's (one of the deleted, as the checkpoint covers them).
        expect(rows.slice(0, -3).map((e) => e.position)).not.toContain(report.firstBrokenPosition);
        expect(report.firstBrokenPosition).toBeLessThanOrEqual(Math.max(...tail));
      } finally {
        await undo();
      }
      const onlyEvents = await deleteEvents(engine.db, tail.slice(1));
      try {
        expect(await verify()).toMatchObject({ ok: false, reason: 'truncated', firstBrokenPosition: tail[1] });
      } finally {
        await onlyEvents();
      }
      expect((await verify()).ok).toBe(true);
    });
  });

  describe('exports', () => {
    const exportText = async (query: string) => {
      const res = await engine.http
        .get(`/api/v1/audit/events${query}`)
        .set(headers(engine, 'auditor'))
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (text += chunk));
          r.on('end', () => done(null, text));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
      return res.body as string;
    };

    it('streams a range as NDJSON that verifies offline, and fails on any edit', async () => {
      const key = AuditPublicKey.parse((await engine.http.get('/api/v1/audit/checkpoints').set(headers(engine, 'auditor'))).body.publicKey.publicKeyBase64);
      const text = await exportText('?fromPosition=1&toPosition=20');
      const lines = text.trim().split('\n');
      expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: 'header', fromOrdinal: 1, eventCount: 20, publicKey: { keyId: key.keyId } });
      expect(JSON.parse(lines[1] as string)).toMatchObject({ kind: 'event', ordinal: 1, prevHash: '0'.repeat(64), hash: expect.any(String), chainHash: expect.any(String) });
      expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ kind: 'end', eventCount: 20, signature: expect.any(String) });
      expect(await verifyExport(lines, key)).toMatchObject({ ok: true, events: 20, anchored: 'genesis' });

      const editOne = (line: string) => {
        const event = JSON.parse(line);
        return JSON.stringify({ ...event, data: JSON.parse(JSON.stringify(event.data).replace('2026', '2027')) });
      };
      const edited = lines.map((line, i) => (i === 5 ? editOne(line) : line));
      const result = await verifyExport(edited, key);
      expect(result).toMatchObject({ ok: false, firstBadLine: 6, reason: 'hash_mismatch', position: JSON.parse(lines[5] as string).position });
      expect(await verifyExport(lines.slice(0, -3), key)).toMatchObject({ ok: false, reason: 'truncated' });

      const head = (await log()).at(-1)?.position ?? 0;
      const later = (await exportText(`?fromPosition=${head - 10}`)).trim().split('\n');
      expect(await verifyExport(later, key)).toMatchObject({ ok: true, anchored: 'unsigned' });
    });

    it('refuses a range larger than the maximum with 413, and malformed positions with 400', async () => {
      const res = await engine.http.get('/api/v1/audit/events').set(headers(engine, 'auditor')).expect(413);
      expect(res.body).toMatchObject({ code: 'AUDIT.EXPORT_TOO_LARGE', details: { maxEvents: 25 } });
      expect(res.body.detail).toMatch(/at most 25/);
      const bad = await engine.http.get('/api/v1/audit/events?fromPosition=abc').set(headers(engine, 'auditor')).expect(400);
      expect(bad.body.errors[0].field).toBe('fromPosition');
      const reversed = await engine.http.get('/api/v1/audit/events?fromPosition=9&toPosition=3').set(headers(engine, 'auditor')).expect(400);
      expect(reversed.body.errors[0].field).toBe('toPosition');
    });

    it('publishes funded projects as 360Giving 1.4.3 without personal data', async () => {
      const res = await engine.http.get(`/api/v1/exports/360giving?programmeId=${programmeId}`).set(headers(engine, 'auditor')).expect(200);
      expect(res.body.grants).toHaveLength(1);
      expect(res.body.grants[0]).toMatchObject({
        id: `360G-kc-longan-${projectId}`,
        title: 'Dây chuyền sản xuất kẹo khóm',
        currency: 'VND',
        amountAppliedFor: 150_000_000,
        amountAwarded: 150_000_000,
        amountDisbursed: 150_000_000,
        awardDate: '2026-04-10',
        plannedDates: [{ startDate: '2026-05-01', endDate: '2026-12-20' }],
        // A household business is a natural person: published as an anonymous individual.
        recipientIndividual: { id: `360G-kc-longan-IND-${projectId}`, name: 'Hộ kinh doanh (Individual Recipient)' },
        fundingOrganization: [{ id: '360G-kc-longan-FUNDER' }],
        grantProgramme: [{ title: 'Khuyến công địa phương tỉnh Long An năm 2026' }],
        beneficiaryLocation: [{ countryCode: 'VN', geoCode: '27694' }],
      });
      expect(res.text).not.toMatch(/Cơ sở sản xuất kẹo khóm Bến Lức|Nguyễn Thị Hoa|0912345678|contact|recipientOrganization/);
      expect(res.text).not.toContain(withdrawnId);
      const missing = await engine.http.get('/api/v1/exports/360giving').set(headers(engine, 'auditor')).expect(400);
      expect(missing.body.errors[0].field).toBe('programmeId');
      await engine.http.get('/api/v1/exports/360giving?programmeId=nope').set(headers(engine, 'admin')).expect(404);
    });

    it('verifies uploaded documents with documents=true, an erased one too, names one altered in storage, and exports their events with hashes', async () => {
      const draft = await createDraft(engine, programmeId);
      const officer = headers(engine, 'officer');
      const upload = async (kind: string, fileName: string, bytes: Buffer) =>
        (await engine.http.post(`/api/v1/projects/${draft}/documents`).set(officer).field('kind', kind).attach('file', bytes, fileName).expect(201)).body as { id: string; sha256: string; position: number };
      const quotation = await upload('quotation', 'bao-gia.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(5000)]));
      const card = await upload('id_card', 'cccd.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]));
      await engine.http.post(`/api/v1/projects/${draft}/documents/${quotation.id}/supersede`).set(officer).send({ reason: 'Báo giá cũ' }).expect(200);
      // The subject's key is destroyed; the ciphertext stays and still verifies.
      await engine.http.post(`/api/v1/admin/data-subjects/project_${draft}/erasure`).set(headers(engine, 'admin')).expect(200);
      await logAtRest(engine.db);
      await chain.catchUp();
      const verifyDocuments = async () => (await engine.http.get('/api/v1/audit/verify?documents=true').set(headers(engine, 'auditor')).expect(200)).body;
      expect(await verifyDocuments()).toMatchObject({ ok: true, documents: { checked: 2, broken: [] } });

      const store = engine.app.get<DocumentContentStore>(DOCUMENT_STORE);
      const original = await readAll(await store.open(quotation.sha256));
      const altered = Buffer.from(original);
      altered[100] = (altered[100] as number) ^ 0x01;
      await overwrite(engine, quotation.sha256, altered);
      try {
        const report = await verifyDocuments();
        expect(report).toMatchObject({ ok: false, checkedEvents: (await log()).length, documents: { checked: 2 } });
        expect(report.documents.broken).toEqual([{ documentId: quotation.id, projectId: draft, position: quotation.position, sha256: quotation.sha256, reason: 'altered' }]);
      } finally {
        await overwrite(engine, quotation.sha256, original);
      }
      expect((await verifyDocuments()).ok).toBe(true);

      const line = (await exportText(`?fromPosition=${card.position}&toPosition=${card.position}`))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((l) => l.kind === 'event');
      expect(line).toMatchObject({ type: 'DocumentAttached', position: card.position, data: { documentId: card.id, kind: 'id_card', mediaType: 'image/jpeg', sha256: card.sha256, encrypted: true } });
      expect(line.data.storedSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(line.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});

/** Reads a stream to its end. */
async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Writes `bytes` over a stored content in place, as someone with access to the storage could. */
async function overwrite(engine: TestEngine, address: string, bytes: Buffer): Promise<void> {
  if (engine.config.documents.storage === 'postgres') {
    await engine.db.query('UPDATE document_chunks SET bytes = $2 WHERE content_key = $1 AND seq = 0', [address, bytes]);
    return;
  }
  const file = join(engine.config.dataDir, 'documents', 'sha256', address.slice(0, 2), address.slice(2, 4), address);
  await writeFile(file, bytes);
}

/** A fixed Ed25519 key for the test engine, so no key file is written to DATA_DIR. */
const TEST_AUDIT_KEY = ['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIEJLPI2Am87Soqe/nTGwIyhJ1yP9VRkXQhxO+qdk1OX2', '-----END PRIVATE KEY-----'].join('\\n');
