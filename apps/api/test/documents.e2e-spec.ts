import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response as SuperResponse } from 'supertest';
import type { DocumentContentStore } from '@app/documents';
import { collectDocumentGarbage, DOCUMENT_STORE, DocumentReferences } from '@app/runtime';
import { createDraft, headers, programmeBody } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

const MAX_BYTES = 256 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(size - 9)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);

/** Collects a binary answer as a Buffer, whatever its media type. */
function binary(res: SuperResponse, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('the dossier over HTTP', () => {
  let engine: TestEngine;
  let programmeId: string;
  let enforcedProgrammeId: string;
  let projectId: string;

  const officer = () => headers(engine, 'officer');
  const otherCommune = () => engine.auth('officer-77', 'officer', ['27695']);

  function upload(project: string, file: Buffer, fileName: string, kind = 'quotation', title?: string, who = officer()) {
    let req = engine.http.post(`/api/v1/projects/${project}/documents`).set(who).field('kind', kind);
    if (title !== undefined) req = req.field('title', title);
    return req.attach('file', file, fileName);
  }

  const content = (docId: string, who = officer()) => engine.http.get(`/api/v1/documents/${docId}/content`).set(who).buffer(true).parse(binary);
  const count = async (sql: string, params: unknown[] = []) => Number((await engine.db.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
  const stagings = () => count("SELECT (SELECT count(*) FROM document_stagings) + (SELECT count(*) FROM document_chunks WHERE content_key LIKE 'staging:%') AS n");
  const contents = () => count('SELECT count(*) AS n FROM document_contents');

  beforeAll(async () => {
    engine = await startTestEngine({ env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } });
    engine.app.getHttpServer().listen(0);
    engine.clock.set('2026-01-02T02:00:00Z');
    programmeId = (await engine.http.post('/api/v1/programmes').set(headers(engine, 'admin')).send(programmeBody('KCDP-LA-2026-DOCS')).expect(201)).body.id;
    enforcedProgrammeId = (
      await engine.http
        .post('/api/v1/programmes')
        .set(headers(engine, 'admin'))
        .send({ ...programmeBody('KCDP-LA-2026-ENF'), dossier: 'enforce' })
        .expect(201)
    ).body.id;
    projectId = await createDraft(engine, programmeId);
  }, 60_000);
  afterAll(() => engine.close());

  it('stores an uploaded PDF and gives back the same bytes, with its SHA-256 as ETag and in the project’s history', async () => {
    const bytes = pdf(100_000);
    const res = await upload(projectId, bytes, 'bao-gia-may-say.pdf', 'quotation', 'Báo giá máy sấy').expect(201);
    expect(res.body).toMatchObject({
      projectId,
      kind: 'quotation',
      title: 'Báo giá máy sấy',
      form: 'file',
      fileName: 'bao-gia-may-say.pdf',
      mediaType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      uploadedBy: 'officer-1',
      superseded: false,
    });
    expect(res.body.position).toBeGreaterThan(0);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBe(`/api/v1/documents/${res.body.id}/content`);

    const back = await content(res.body.id).expect(200);
    expect(Buffer.compare(back.body as Buffer, bytes)).toBe(0);
    expect(back.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      etag: `"${sha256(bytes)}"`,
      'accept-ranges': 'bytes',
      'content-disposition': `inline; filename="bao-gia-may-say.pdf"; filename*=UTF-8''bao-gia-may-say.pdf`,
    });

    const history = await engine.http.get(`/api/v1/projects/${projectId}/history`).set(officer()).expect(200);
    const attached = history.body.items.find((e: { type: string }) => e.type === 'DocumentAttached');
    expect(attached.data).toMatchObject({ documentId: res.body.id, sha256: sha256(bytes), size: bytes.length, encrypted: false });

    const listed = await engine.http.get(`/api/v1/projects/${projectId}/documents`).set(officer()).expect(200);
    expect(listed.body.items).toEqual([res.body]);
    expect(listed.body.checklist).toEqual({
      step: 'submit',
      mode: 'warn',
      required: [
        { kind: 'proposal_form', present: false, documentIds: [] },
        { kind: 'business_registration', present: false, documentIds: [] },
        { kind: 'quotation', present: true, documentIds: [res.body.id] },
      ],
      missing: ['proposal_form', 'business_registration'],
    });
  });

  it('serves ranges (206), refuses one past the end (416) and answers 304 to a matching If-None-Match', async () => {
    const bytes = pdf(50_000);
    const { body: item } = await upload(projectId, bytes, 'ranges.pdf').expect(201);
    const part = await content(item.id).set('Range', 'bytes=100-199').expect(206);
    expect(Buffer.compare(part.body as Buffer, bytes.subarray(100, 200))).toBe(0);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.headers['content-length']).toBe('100');
    const tail = await content(item.id).set('Range', 'bytes=-10').expect(206);
    expect(Buffer.compare(tail.body as Buffer, bytes.subarray(bytes.length - 10))).toBe(0);
    const open = await content(item.id).set('Range', `bytes=${bytes.length - 5}-`).expect(206);
    expect(open.headers['content-range']).toBe(`bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`);
    const outside = await engine.http.get(`/api/v1/documents/${item.id}/content`).set(officer()).set('Range', `bytes=${bytes.length}-`).expect(416);
    expect(outside.body.code).toBe('DOCUMENT.RANGE_NOT_SATISFIABLE');
    expect(outside.headers['content-range']).toBe(`bytes */${bytes.length}`);
    const cached = await content(item.id).set('If-None-Match', `"${sha256(bytes)}"`).expect(304);
    expect(cached.headers.etag).toBe(`"${sha256(bytes)}"`);
    await content(item.id).set('If-None-Match', '"other"').expect(200);
  });

  it('keeps a Vietnamese file name intact and gives an ASCII fallback; download=1 makes it an attachment', async () => {
    const name = 'Biên bản nghiệm thu.pdf';
    const { body: item } = await upload(projectId, pdf(2000), name, 'acceptance_minutes').expect(201);
    expect(item).toMatchObject({ fileName: name, title: name });
    const inline = await content(item.id).expect(200);
    expect(inline.headers['content-disposition']).toBe(
      `inline; filename="Bien ban nghiem thu.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf`,
    );
    const download = await engine.http.get(`/api/v1/documents/${item.id}/content?download=1`).set(officer()).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Bien ban nghiem thu\.pdf"; filename\*=UTF-8''Bi%C3%AAn/);
  });

  it('refuses what is not a document: too large (413), wrong or unknown type (415), empty (400), no file (400), unknown kind (422), storing nothing', async () => {
    const events = await engine.eventCount();
    const stored = await contents();

    const large = await upload(projectId, pdf(MAX_BYTES + 1), 'big.pdf').expect(413);
    expect(large.body).toMatchObject({ code: 'DOCUMENT.TOO_LARGE', details: { maxBytes: MAX_BYTES } });
    expect(large.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Far past the limit: the answer still reaches the client that is sending.
    await upload(projectId, pdf(MAX_BYTES * 3), 'bigger.pdf').expect(413);

    const mismatch = await upload(projectId, PNG, 'scan.pdf').expect(415);
    expect(mismatch.body).toMatchObject({ code: 'DOCUMENT.TYPE_MISMATCH', details: { extension: 'pdf', sniffed: 'image/png' } });
    const exe = await upload(projectId, Buffer.concat([Buffer.from('MZ'), randomBytes(3000)]), 'setup.exe').expect(415);
    expect(exe.body.code).toBe('DOCUMENT.UNSUPPORTED_TYPE');

    const empty = await upload(projectId, Buffer.alloc(0), 'empty.pdf').expect(400);
    expect(empty.body.code).toBe('DOCUMENT.EMPTY');

    const noFile = await engine.http.post(`/api/v1/projects/${projectId}/documents`).set(officer()).field('kind', 'quotation').field('title', 'Không có tệp').expect(400);
    expect(noFile.body).toMatchObject({ code: 'DOCUMENT.FILE_MISSING', errors: [{ field: 'file' }] });
    const nameless = await engine.http.post(`/api/v1/projects/${projectId}/documents`).set(officer()).field('kind', 'quotation').attach('file', pdf(1000), { filename: '' }).expect(400);
    expect(nameless.body.code).toBe('DOCUMENT.FILE_MISSING');
    const late = await engine.http.post(`/api/v1/projects/${projectId}/documents`).set(officer()).attach('file', pdf(1000), 'late-kind.pdf').field('kind', 'quotation').expect(422);
    expect(late.body.code).toBe('DOCUMENT.UNKNOWN_KIND');

    const kind = await upload(projectId, pdf(1000), 'x.pdf', 'passport').expect(422);
    expect(kind.body).toMatchObject({ code: 'DOCUMENT.UNKNOWN_KIND', errors: [{ field: 'kind' }], details: { kind: 'passport' } });
    expect(kind.body.details.kinds).toContain('id_card');
    expect(kind.body.detail).toContain('proposal_form');

    const json = await engine.http.post(`/api/v1/projects/${projectId}/documents`).set(officer()).send({ kind: 'quotation' }).expect(415);
    expect(json.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');

    expect(await engine.eventCount()).toBe(events);
    expect(await contents()).toBe(stored);
    expect(await stagings()).toBe(0);
  });

  it('stores the same bytes once for two documents', async () => {
    const bytes = pdf(30_000);
    const first = await upload(projectId, bytes, 'a.pdf').expect(201);
    const second = await upload(projectId, bytes, 'b.pdf', 'invoice').expect(201);
    expect(first.body.id).not.toBe(second.body.id);
    expect(await count('SELECT count(*) AS n FROM document_contents WHERE sha256 = $1', [sha256(bytes)])).toBe(1);
    for (const id of [first.body.id, second.body.id]) expect(Buffer.compare((await content(id).expect(200)).body as Buffer, bytes)).toBe(0);
  });

  it('answers a retried upload with the same Idempotency-Key once, and refuses the key for other bytes', async () => {
    const bytes = pdf(5000);
    const key = `upload-${sha256(bytes).slice(0, 12)}`;
    const first = await upload(projectId, bytes, 'retry.pdf').set('Idempotency-Key', key).expect(201);
    const events = await engine.eventCount();
    const again = await upload(projectId, bytes, 'retry.pdf').set('Idempotency-Key', key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await engine.eventCount()).toBe(events);
    const other = await upload(projectId, pdf(5000), 'retry.pdf').set('Idempotency-Key', key).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('keeps projects out of scope unseen: 404 on the list, the content and an upload', async () => {
    const { body: item } = await upload(projectId, pdf(1000), 'scope.pdf').expect(201);
    const list = await engine.http.get(`/api/v1/projects/${projectId}/documents`).set(otherCommune()).expect(404);
    expect(list.body.code).toBe('PROJECT.NOT_FOUND');
    const bytes = await engine.http.get(`/api/v1/documents/${item.id}/content`).set(otherCommune()).expect(404);
    expect(bytes.body.code).toBe('DOCUMENT.NOT_FOUND');
    const events = await engine.eventCount();
    await upload(projectId, pdf(1000), 'scope.pdf', 'quotation', undefined, otherCommune()).expect(404);
    await engine.http.get(`/api/v1/projects/00000000-0000-7000-8000-000000000000/documents`).set(officer()).expect(404);
    await engine.http.get(`/api/v1/documents/00000000-0000-7000-8000-000000000000/content`).set(officer()).expect(404);
    // A role that may not attach is refused by the guard.
    await upload(projectId, pdf(1000), 'x.pdf', 'quotation', undefined, headers(engine, 'auditor')).expect(403);
    expect(await engine.eventCount()).toBe(events);
  });

  it('records paper items (no content) and supersedes documents', async () => {
    const paper = await engine.http
      .post(`/api/v1/projects/${projectId}/documents/paper`)
      .set(officer())
      .send({ kind: 'business_registration', title: 'GCN ĐKKD (bản sao)', receivedOn: '2026-03-02', registryNo: 'CV-0231' })
      .expect(201);
    expect(paper.body).toMatchObject({ form: 'paper', kind: 'business_registration', receivedOn: '2026-03-02', registryNo: 'CV-0231', superseded: false });
    expect(paper.headers.etag).toMatch(/^"\d+"$/);
    const none = await engine.http.get(`/api/v1/documents/${paper.body.id}/content`).set(officer()).expect(404);
    expect(none.body.code).toBe('DOCUMENT.NO_CONTENT');
    const invalid = await engine.http.post(`/api/v1/projects/${projectId}/documents/paper`).set(officer()).send({ kind: 'nope', title: 'x', receivedOn: '2026-03-02', registryNo: 'CV-1' }).expect(400);
    expect(invalid.body.errors[0].field).toBe('kind');

    const superseded = await engine.http.post(`/api/v1/projects/${projectId}/documents/${paper.body.id}/supersede`).set(officer()).send({ reason: 'Bản sao mờ' }).expect(200);
    expect(superseded.body).toMatchObject({ id: paper.body.id, superseded: true, supersededReason: 'Bản sao mờ' });
    const listed = await engine.http.get(`/api/v1/projects/${projectId}/documents`).set(officer()).expect(200);
    expect(listed.body.checklist.missing).toContain('business_registration');
    const again = await engine.http.post(`/api/v1/projects/${projectId}/documents/${paper.body.id}/supersede`).set(officer()).send({ reason: 'Lần nữa' }).expect(409);
    expect(again.body.code).toBe('DOCUMENT.ALREADY_SUPERSEDED');
  });

  it('refuses submitting under an enforced programme until the required kinds are there, one as a file, one on paper', async () => {
    const id = await createDraft(engine, enforcedProgrammeId);
    engine.clock.set('2026-03-03T02:00:00Z');
    const submit = () => engine.http.post(`/api/v1/projects/${id}/submit`).set(officer()).send({ declarations: { counterpartCommitted: true, noDoubleFunding: true } });
    const refused = await submit().expect(422);
    expect(refused.body).toMatchObject({ code: 'DOSSIER.INCOMPLETE', details: { step: 'submit', missing: ['proposal_form', 'business_registration', 'quotation'] } });

    await upload(id, pdf(3000), 'ho-so-de-an.pdf', 'proposal_form').expect(201);
    await engine.http
      .post(`/api/v1/projects/${id}/documents/paper`)
      .set(officer())
      .send({ kind: 'business_registration', title: 'GCN ĐKKD', receivedOn: '2026-03-03', registryNo: 'CV-0300' })
      .expect(201);
    const still = await submit().expect(422);
    expect(still.body.details.missing).toEqual(['quotation']);
    const listed = await engine.http.get(`/api/v1/projects/${id}/documents`).set(officer()).expect(200);
    expect(listed.body.checklist).toMatchObject({ step: 'submit', mode: 'enforce', missing: ['quotation'] });

    await upload(id, pdf(3000), 'bao-gia.pdf', 'quotation').expect(201);
    await submit().expect(200);
    const after = await engine.http.get(`/api/v1/projects/${id}/documents`).set(officer()).expect(200);
    expect(after.body.checklist.step).toBe('appraisal');
  });

  it('encrypts a personal document with the project’s subject key, and answers 410 once the subject is erased', async () => {
    const id = await createDraft(engine, programmeId);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000)]);
    const { body: item } = await upload(id, bytes, 'cccd.jpg', 'id_card').expect(201);
    expect(item).toMatchObject({ kind: 'id_card', mediaType: 'image/jpeg', sha256: sha256(bytes), size: bytes.length });
    // Stored at the address of the ciphertext; the plaintext is nowhere in the store.
    expect(await count('SELECT count(*) AS n FROM document_contents WHERE sha256 = $1', [sha256(bytes)])).toBe(0);
    const history = await engine.http.get(`/api/v1/projects/${id}/history`).set(officer()).expect(200);
    const attached = history.body.items.find((e: { type: string }) => e.type === 'DocumentAttached');
    expect(attached.data).toMatchObject({ encrypted: true, sha256: sha256(bytes) });
    expect(attached.data.storedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(attached.data.storedSha256).not.toBe(sha256(bytes));

    const back = await content(item.id).expect(200);
    expect(Buffer.compare(back.body as Buffer, bytes)).toBe(0);
    await content(item.id).set('Range', 'bytes=70000-').expect(416);
    // Readers who see personal data sealed do not get a personal document.
    const sealed = await engine.http.get(`/api/v1/documents/${item.id}/content`).set(headers(engine, 'auditor')).expect(403);
    expect(sealed.body.code).toBe('AUTH.FORBIDDEN');
    const slice = await content(item.id).set('Range', 'bytes=1000-1999').expect(206);
    expect(Buffer.compare(slice.body as Buffer, bytes.subarray(1000, 2000))).toBe(0);

    await engine.http.post(`/api/v1/admin/data-subjects/project_${id}/erasure`).set(headers(engine, 'admin')).expect(200);
    const gone = await engine.http.get(`/api/v1/documents/${item.id}/content`).set(officer()).expect(410);
    expect(gone.body.code).toBe('DOCUMENT.ERASED');
    const refused = await upload(id, bytes, 'cccd.jpg', 'id_card').expect(410);
    expect(refused.body.code).toBe('DOCUMENT.ERASED');
  });

  it('leaves nothing behind when the client goes away mid-upload', async () => {
    const events = await engine.eventCount();
    const { port } = engine.app.getHttpServer().address() as AddressInfo;
    const boundary = 'dossier-boundary-7f3a';
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1/projects/${projectId}/documents`,
      headers: { ...officer(), 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nquotation\r\n`);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    req.write(pdf(100_000));
    // The upload is being staged when the client goes.
    await until(async () => (await stagings()) > 0);
    req.destroy();
    await until(async () => (await stagings()) === 0);
    expect(await engine.eventCount()).toBe(events);
    const history = await engine.http.get(`/api/v1/projects/${projectId}/history`).set(officer()).expect(200);
    expect(history.body.items.filter((e: { data: { fileName?: string } }) => e.data.fileName === 'half.pdf')).toEqual([]);
  });

  it('collects contents no event pins (a refused command’s) and keeps the referenced ones', async () => {
    const id = await createDraft(engine, programmeId);
    await engine.http.post(`/api/v1/projects/${id}/withdrawal`).set(officer()).send({ reason: 'Cơ sở rút hồ sơ' }).expect(200);
    const orphan = pdf(4000);
    const refused = await upload(id, orphan, 'late.pdf').expect(409);
    expect(refused.body.code).toBe('PROJECT.INVALID_TRANSITION');
    expect(await count('SELECT count(*) AS n FROM document_contents WHERE sha256 = $1', [sha256(orphan)])).toBe(1);

    const store = engine.app.get<DocumentContentStore>(DOCUMENT_STORE);
    const references = engine.app.get(DocumentReferences);
    // Young contents stay whatever references them.
    expect((await collectDocumentGarbage(store, references)).removedContents).toBe(0);
    // The refused upload's content, and the one of the upload whose Idempotency-Key was reused.
    const unreferenced = () =>
      count(
        "SELECT count(*) AS n FROM document_contents c WHERE NOT EXISTS (SELECT 1 FROM events WHERE type = 'DocumentAttached' AND coalesce(data->>'storedSha256', data->>'sha256') = c.sha256)",
      );
    expect(await unreferenced()).toBe(2);
    const report = await collectDocumentGarbage(store, references, new Date(Date.now() + 2 * 3600_000));
    expect(report).toEqual({ removedContents: 2, removedStagings: 0 });
    expect(await unreferenced()).toBe(0);
    expect(await count('SELECT count(*) AS n FROM document_contents WHERE sha256 = $1', [sha256(orphan)])).toBe(0);
    const listed = await engine.http.get(`/api/v1/projects/${projectId}/documents`).set(officer()).expect(200);
    const files = listed.body.items.filter((i: { form: string }) => i.form === 'file');
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) await content(file.id).expect(200);
  });
});
