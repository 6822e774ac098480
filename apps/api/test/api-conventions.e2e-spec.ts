import { createServer, Server, Socket } from 'node:net';
import { testDatabaseUrl } from '@app/testing';
import { createDraft, createProgramme, DRAFT, headers, MAIN_PATH, send } from './support/lifecycle';
import { startTestEngine, TEST_JWT_SECRET, TestEngine } from './support/test-engine';
import { epochSeconds, hs256Token } from './support/tokens';

jest.setTimeout(60_000);

describe('HTTP conventions of the command path', () => {
  let engine: TestEngine;
  let programmeId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine);
  });
  afterAll(() => engine?.close());

  const submit = MAIN_PATH.find((s) => s.command === 'SubmitProposal');
  if (!submit) throw new Error('path changed');

  describe('authentication and roles', () => {
    it('answers 401 without a token, with a bad one, an expired one, or an unknown role', async () => {
      const cases = [
        {},
        { Authorization: 'Bearer not-a-jwt' },
        { Authorization: `Bearer ${hs256Token({ sub: 'u1', roles: ['officer'], exp: epochSeconds() - 10 }, TEST_JWT_SECRET)}` },
        { Authorization: `Bearer ${hs256Token({ sub: 'u1', roles: ['officer'], exp: epochSeconds() + 60 }, 'another-secret-of-sufficient-length!!')}` },
        { Authorization: `Bearer ${hs256Token({ sub: 'u1', roles: ['superuser'], exp: epochSeconds() + 60 }, TEST_JWT_SECRET)}` },
        { Authorization: `Bearer ${hs256Token({ sub: 'u1', roles: ['officer'] }, TEST_JWT_SECRET)}` },
      ];
      for (const auth of cases) {
        const res = await engine.http.get('/api/v1/projects').set(auth).expect(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', type: 'urn:problem:AUTH.UNAUTHENTICATED' });
      }
    });

    it('answers 403 for a role the route or the policy does not allow, and appends nothing', async () => {
      const before = await engine.eventCount();
      await engine.http.post('/api/v1/programmes').set(headers(engine, 'officer')).send({}).expect(403);
      const id = await createDraft(engine, programmeId);
      const res = await send(engine, id, submit, 'approver');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED', details: { requiredRoles: ['officer'] } });
      const elsewhere = await send(engine, id, submit, 'officerElsewhere');
      expect(elsewhere.body).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_AREA' });
      expect(await engine.eventCount()).toBe(before + 1);
      await engine.http.get('/api/v1/projects').set(headers(engine, 'finance')).expect(403);
    });
  });

  describe('bad input', () => {
    it('refuses unknown fields, wrong types and malformed JSON with 400 naming the field', async () => {
      const unknown = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId, status: 'approved', approvedBy: 'me' }).expect(400);
      expect(unknown.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'status', message: 'property status should not exist' },
          { field: 'approvedBy', message: 'property approvedBy should not exist' },
        ]),
      );
      const nested = await engine.http
        .post('/api/v1/projects')
        .set(headers(engine, 'officer'))
        .send({ ...DRAFT, programmeId, plannedStart: '2026-02-30', beneficiary: { ...DRAFT.beneficiary, kind: 'company', commune: 5 } })
        .expect(400);
      const fields = nested.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['plannedStart', 'beneficiary.kind', 'beneficiary.commune']));
      const malformed = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).set('content-type', 'application/json').send('{"title": ').expect(400);
      expect(malformed.body.code).toBe('REQUEST.MALFORMED_JSON');
    });

    it.each([1.5, '150000000', 1e21, -1, null])('refuses %p as an amount of VND', async (amount) => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId, requestedSupportVnd: amount }).expect(400);
      expect(res.body.errors).toContainEqual({ field: 'requestedSupportVnd', message: 'requestedSupportVnd must be an integer number of VND' });
    });

    it('answers 413 for a body over the limit', async () => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId, objectives: 'x'.repeat(80 * 1024) }).expect(413);
      expect(res.body.code).toBe('REQUEST.TOO_LARGE');
    });

    it('answers 422 for an unknown programme or category and 409 naming the state for an invalid transition', async () => {
      const before = await engine.eventCount();
      const programme = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId: 'nope' }).expect(422);
      expect(programme.body.code).toBe('PROGRAMME.UNKNOWN');
      const category = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId, category: 'SPACESHIPS' }).expect(422);
      expect(category.body.code).toBe('PROJECT.UNKNOWN_CATEGORY');
      expect(await engine.eventCount()).toBe(before);
      const id = await createDraft(engine, programmeId);
      const res = await send(engine, id, MAIN_PATH[9] as (typeof MAIN_PATH)[number]);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'PROJECT.INVALID_TRANSITION', details: { state: 'draft' } });
      expect(res.body.detail).toContain('draft');
      await engine.http.post('/api/v1/projects/unknown/submit').set(headers(engine, 'officer')).send(submit.body).expect(404);
    });
  });

  describe('optimistic concurrency and idempotency', () => {
    it('answers 412 when If-Match names another version, and appends nothing', async () => {
      const id = await createDraft(engine, programmeId);
      engine.clock.set(submit.at);
      const stale = await engine.http.post(`/api/v1/projects/${id}/submit`).set(headers(engine, 'officer')).set('If-Match', '"7"').send(submit.body).expect(412);
      expect(stale.body).toMatchObject({ code: 'COMMAND.PRECONDITION_FAILED', details: { expectedVersion: 7, actualVersion: 1 } });
      await engine.http.post(`/api/v1/projects/${id}/submit`).set(headers(engine, 'officer')).set('If-Match', 'seven').send(submit.body).expect(400);
      const ok = await engine.http.post(`/api/v1/projects/${id}/submit`).set(headers(engine, 'officer')).set('If-Match', '"1"').send(submit.body).expect(200);
      expect(ok.headers.etag).toBe('"2"');
      const detail = await engine.http.get(`/api/v1/projects/${id}?minPosition=${ok.body.position}`).set(headers(engine, 'officer')).expect(200);
      expect(detail.headers.etag).toBe('"2"');
    });

    it('replays the first answer for a repeated Idempotency-Key and refuses it for another body', async () => {
      const key = `create-${Date.now()}`;
      const first = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).set('Idempotency-Key', key).send({ ...DRAFT, programmeId }).expect(201);
      const before = await engine.eventCount();
      const again = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).set('Idempotency-Key', key).send({ ...DRAFT, programmeId }).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await engine.eventCount()).toBe(before);
      const other = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).set('Idempotency-Key', key).send({ ...DRAFT, programmeId, title: 'Khác' }).expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      // Keys belong to their caller: another user's key with the same text is a new request.
      await engine.http.post('/api/v1/projects').set(headers(engine, 'collaborator')).set('Idempotency-Key', key).send({ ...DRAFT, programmeId }).expect(201);
    });

    it('serialises concurrent commands on one project: each answer is a distinct version', async () => {
      const id = await createDraft(engine, programmeId);
      const titles = Array.from({ length: 8 }, (_, i) => `Tên ${i}`);
      const answers = await Promise.all(titles.map((title) => engine.http.patch(`/api/v1/projects/${id}`).set(headers(engine, 'officer')).send({ title })));
      const ok = answers.filter((a) => a.status === 200);
      const versions = ok.map((a) => a.body.version).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(ok.length);
      for (const a of answers.filter((x) => x.status !== 200)) expect(a.body.code).toBe('COMMAND.CONCURRENT_UPDATE');
      const history = await engine.http.get(`/api/v1/projects/${id}/history`).set(headers(engine, 'officer')).expect(200);
      expect(history.body.items).toHaveLength(1 + ok.length);
    });
  });

  describe('operations', () => {
    it('serves health, metrics and the OpenAPI document', async () => {
      // The detail of each check is for an operator (an admin token); anonymous callers get the status alone.
      const ready = await engine.http.get('/health/ready').set(headers(engine, 'admin')).expect(200);
      expect(ready.body.checks).toMatchObject({ store: { status: 'up' }, redis: { status: 'up', maxmemoryPolicy: 'noeviction' }, projections: { status: 'up' } });
      await engine.http.get('/health/live').expect(200);
      const metrics = await engine.http.get('/metrics').expect(200);
      expect(metrics.text).toContain('grants_http_requests_total');
      expect(metrics.text).toContain('grants_subscription_events_total');
      const doc = await engine.http.get('/docs-json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/projects', '/api/v1/projects/{id}/submit', '/api/v1/programmes/{id}', '/api/v1/integrations/finance/events']));
      expect(doc.body.components.securitySchemes.bearer).toBeDefined();
    });

    it("keeps the beneficiary's contact person and a reminder e-mail apart in the OpenAPI schemas", async () => {
      const { components, paths } = (await engine.http.get('/docs-json').expect(200)).body;
      expect(components.schemas.BeneficiaryDto.properties.contact).toEqual({ $ref: '#/components/schemas/BeneficiaryContactDto' });
      expect(components.schemas.BeneficiaryContactDto.required).toEqual(['name', 'phone']);
      expect(Object.keys(components.schemas.BeneficiaryContactDto.properties)).toEqual(['name', 'phone']);
      expect(paths['/api/v1/contacts/{id}'].put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReminderContactDto' });
    });
  });
});

describe('an unreachable store', () => {
  let engine: TestEngine;
  let proxy: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // A TCP proxy in front of PostgreSQL that the test can cut.
    const target = new URL(testDatabaseUrl());
    proxy = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    const url = new URL(testDatabaseUrl());
    url.hostname = '127.0.0.1';
    url.port = String(port);
    engine = await startTestEngine({ env: { DATABASE_URL: url.toString() } });
  });
  afterAll(async () => {
    proxy.close();
    await engine?.app.close();
  });

  it('answers 503 with Retry-After, promptly, when PostgreSQL cannot be reached', async () => {
    proxy.close();
    for (const socket of sockets) socket.destroy();
    const started = Date.now();
    const res = await engine.http.get('/api/v1/programmes').set(headers(engine, 'officer'));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.code).toBe('SERVICE.UNAVAILABLE');
    const command = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId: 'p' });
    expect(command.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    const ready = await engine.http.get('/health/ready').set(headers(engine, 'admin'));
    expect(ready.status).toBe(503);
    expect(ready.body.checks.store.status).toBe('down');
  });
});
