import { buildOpenApi } from '../src/bootstrap';
import { createProgramme, DRAFT, driveTo, PEOPLE } from './support/lifecycle';
import type { Identity } from './support/permissions';
import { FUNDED, projectIn, type ProjectKey, READ_ROUTES, READERS, readExpectation, type ReadTargets, RECOMMENDED } from './support/read-permissions';
import { startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

jest.setTimeout(120_000);

const KEYS: readonly ProjectKey[] = ['A', 'B'];
const CONTACT = DRAFT.beneficiary.contact;
const OWNER = DRAFT.beneficiary.name;

/*
 * Every GET route × every reader × a project in and out of its scope. A route without a row in
 * READ_ROUTES fails the first test, so a new read cannot skip the matrix.
 */
const CASES = Object.entries(READ_ROUTES)
  .filter(([, route]) => route.kind !== 'public')
  .flatMap(([path, route]) =>
    READERS.flatMap((reader) =>
      (route.kind === 'object' || route.perProject ? KEYS : (['A'] as const)).map((project) => {
        const expectation = readExpectation(route, reader, project);
        const about = route.kind === 'object' || route.perProject ? ` × project ${project}` : '';
        const outcome = expectation.status === 403 ? `403 ${expectation.code}` : expectation.status === 404 ? '404 as unknown' : `200${expectation.projects ? ` [${expectation.projects.join(', ')}]` : ''}`;
        return { name: `GET ${path} × ${reader.name}${about} → ${outcome}`, route, reader, project, expectation };
      }),
    ),
  );

describe('read permission matrix over HTTP', () => {
  let engine: TestEngine;
  let t: ReadTargets;
  const bearer = (who: Identity) => engine.auth(who.sub, [...who.roles], who.areas ? [...who.areas] : undefined);
  const admin = () => engine.auth(PEOPLE.admin.sub, ['admin']);
  const auditor = () => engine.auth(PEOPLE.auditor.sub, ['auditor']);

  beforeAll(async () => {
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    const programmeId = await createProgramme(engine, 2_000_000_000);
    const projects = { A: await projectIn(engine, programmeId, 'A', FUNDED), B: await projectIn(engine, programmeId, 'B', FUNDED) };
    const head = await engine.lastPosition();
    await engine.http.get(`/api/v1/projects?minPosition=${head}`).set(admin()).expect(200);
    const reminderOf = (key: ProjectKey) =>
      until(async () => {
        const res = await engine.http.get(`/api/v1/reminders?projectId=${projects[key]}`).set(admin()).expect(200);
        return (res.body.items as { id: string }[])[0]?.id;
      });
    const documentOf = async (key: ProjectKey) =>
      (
        await engine.http
          .post(`/api/v1/projects/${projects[key]}/documents`)
          .set(engine.auth(PEOPLE.officer.sub, ['officer']))
          .field('kind', 'quotation')
          .attach('file', Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1'), 'bao-gia.pdf')
          .expect(201)
      ).body.id as string;
    const documents = { A: await documentOf('A'), B: await documentOf('B') };
    const endpoint = await engine.http
      .post('/api/v1/webhook-endpoints')
      .set(admin())
      .send({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['refund.demanded'], description: 'Kho bạc' })
      .expect(201);
    // A plan needs a recommended project: one of a programme of its own, outside the matrix's.
    const planProgrammeId = await createProgramme(engine, 1_000_000_000);
    const recommended = await driveTo(engine, planProgrammeId, RECOMMENDED);
    const plan = await engine.http
      .post(`/api/v1/programmes/${planProgrammeId}/plans`)
      .set(engine.auth(PEOPLE.officer.sub, ['officer']))
      .send({ title: 'Kế hoạch khuyến công năm 2026', items: [{ projectId: recommended, approvedSupportVnd: 100_000_000 }] })
      .expect(201);
    t = {
      programmeId,
      projects,
      reminders: { A: await reminderOf('A'), B: await reminderOf('B') },
      documents,
      endpointId: endpoint.body.id as string,
      policyId: 'vn-longan-local-2022',
      openDataPrefix: engine.config.openData.prefix,
      plan: { programmeId: planProgrammeId, planId: plan.body.id as string },
    };
  });
  afterAll(() => engine?.close());

  it('has a row for every GET route of the OpenAPI document, and no row for a route that is gone', () => {
    const document = buildOpenApi(engine.app);
    const gets = Object.entries(document.paths)
      .filter(([, item]) => item.get !== undefined)
      .map(([path]) => path);
    expect(gets.filter((path) => !(path in READ_ROUTES))).toEqual([]);
    // Public rows may be absent (development routes are off on a server start).
    expect(Object.entries(READ_ROUTES).filter(([path, route]) => route.kind !== 'public' && !gets.includes(path))).toEqual([]);
  });

  it.each(CASES)('$name', async ({ route, reader, project, expectation }) => {
    const before = await engine.eventCount();
    const res = await engine.http.get(route.url(t, project)).set(bearer(reader));
    if (expectation.status === 403) {
      expect({ status: res.status, type: res.headers['content-type'], code: res.body.code }).toEqual({
        status: 403,
        type: expect.stringMatching(/^application\/problem\+json/),
        code: expectation.code,
      });
    } else if (expectation.status === 404) {
      // Exactly the answer to an unknown id, its id aside: nothing tells that the project exists.
      const unknown = await engine.http.get((route.unknownUrl as (x: ReadTargets) => string)(t)).set(bearer(reader));
      const strip = (body: unknown, ...ids: string[]) => ids.reduce((text, id) => text.split(id).join('<id>'), JSON.stringify(body));
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(strip(res.body, t.reminders[project], t.documents[project], t.projects[project])).toBe(strip(unknown.body, 'no-such-project', 'no-such-reminder', 'no-such-document'));
      expect(unknown.status).toBe(404);
    } else {
      expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
      if (route.kind === 'collection') {
        const keyOf = new Map(KEYS.map((k) => [t.projects[k], k]));
        const held = (route.ids as (body: unknown, x: ReadTargets) => string[])(res.body, t).flatMap((id) => keyOf.get(id) ?? []);
        expect([...new Set(held)].sort()).toEqual(expectation.projects);
      }
      if (route.kind === 'stats') {
        const visible = expectation.projects ?? [];
        expect(res.body.total).toBe(visible.length);
        expect(res.body.byCommune.map((g: { key: string }) => g.key).sort()).toEqual(visible.map((k) => (k === 'A' ? '27694' : '27811')).sort());
      }
    }
    // Reads append nothing (a disclosure needs reveal=personal-data).
    expect(await engine.eventCount()).toBe(before);
  });

  describe('paging with a scope', () => {
    it('gives full pages of the visible projects only, with and without the overdue filter', async () => {
      const programmeId = await createProgramme(engine, 3_000_000_000);
      const created: Record<ProjectKey, string[]> = { A: [], B: [] };
      for (const key of ['A', 'B', 'A', 'B', 'A', 'B', 'B'] as const) created[key].push(await projectIn(engine, programmeId, key, 0));
      const officerOfA = engine.auth('officer-of-a', ['officer'], ['27694']);
      const head = await engine.lastPosition();
      for (const extra of ['', '&overdue=false']) {
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const res = await engine.http
            .get(`/api/v1/projects?programmeId=${programmeId}&limit=2&minPosition=${head}${extra}${cursor ? `&cursor=${cursor}` : ''}`)
            .set(officerOfA)
            .expect(200);
          pages.push((res.body.items as { id: string }[]).map((i) => i.id));
          cursor = res.body.nextCursor as string | undefined;
        } while (cursor);
        expect(pages.map((p) => p.length)).toEqual([2, 1]);
        expect(pages.flat().sort()).toEqual([...created.A].sort());
      }
    });
  });

  describe('contact data', () => {
    const eventsOf = async (streamId: string) => engine.store.readStream(streamId);

    it('is sealed for an auditor in the list, detail, history and state, and opened for staff who work with the beneficiary', async () => {
      const id = t.projects.A;
      const detail = await engine.http.get(`/api/v1/projects/${id}`).set(auditor()).expect(200);
      expect(detail.body.beneficiary).toMatchObject({ name: '[sealed]', contact: { name: '[sealed]', phone: '[sealed]' }, commune: '27694' });
      const history = await engine.http.get(`/api/v1/projects/${id}/history`).set(auditor()).expect(200);
      const state = await engine.http.get(`/api/v1/projects/${id}/state`).set(auditor()).expect(200);
      expect(state.body.state.proposal.beneficiary.contact).toEqual({ name: '[sealed]', phone: '[sealed]' });
      const list = await engine.http.get(`/api/v1/projects?programmeId=${t.programmeId}`).set(auditor()).expect(200);
      expect(list.body.items.find((i: { id: string }) => i.id === id).beneficiary.name).toBe('[sealed]');
      for (const body of [detail.body, history.body, state.body, list.body]) {
        const text = JSON.stringify(body);
        for (const secret of [CONTACT.name, CONTACT.phone, OWNER]) expect(text).not.toContain(secret);
      }
      // A household business's name is its owner's: a sealed reader cannot find the project by it.
      const search = async (who: Record<string, string>, q: string) =>
        ((await engine.http.get(`/api/v1/projects?programmeId=${t.programmeId}&q=${encodeURIComponent(q)}`).set(who).expect(200)).body.items as { id: string }[]).map((i) => i.id);
      expect(await search(auditor(), 'ben luc')).toEqual([]);
      expect(await search(bearer(PEOPLE.officer as Identity), 'ben luc')).toContain(id);
      expect(await search(auditor(), 'keo khom day chuyen')).toContain(id);
      // The stored form stays, so the chain can still be checked over it.
      expect(JSON.stringify(history.body.items.map((e: { storedData?: unknown }) => e.storedData))).toContain('pd:v1:project_');

      for (const who of [PEOPLE.officer, PEOPLE.collaborator, PEOPLE.a1, PEOPLE.approver, PEOPLE.accountant, PEOPLE.admin] as Identity[]) {
        const opened = await engine.http.get(`/api/v1/projects/${id}`).set(bearer(who)).expect(200);
        expect({ who: who.sub, beneficiary: opened.body.beneficiary }).toMatchObject({ who: who.sub, beneficiary: { name: OWNER, contact: CONTACT } });
      }
    });

    it('is refused to reveal without a usable reason, appending nothing', async () => {
      const id = t.projects.A;
      const before = await engine.eventCount();
      const cases = [
        { query: 'reveal=personal-data', field: 'reason' },
        { query: 'reveal=personal-data&reason=short', field: 'reason' },
        { query: `reveal=personal-data&reason=${'x'.repeat(501)}`, field: 'reason' },
        { query: 'reason=Ki%E1%BB%83m%20to%C3%A1n%20h%E1%BB%93%20s%C6%A1', field: 'reveal' },
        { query: 'reveal=everything&reason=Ki%E1%BB%83m%20to%C3%A1n%20h%E1%BB%93%20s%C6%A1', field: 'reveal' },
      ];
      for (const route of ['', '/history', '/state']) {
        for (const { query, field } of cases) {
          const res = await engine.http.get(`/api/v1/projects/${id}${route}?${query}`).set(auditor());
          expect({ route, query: query.slice(0, 40), status: res.status, code: res.body.code, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
            route,
            query: query.slice(0, 40),
            status: 400,
            code: 'REQUEST.VALIDATION_FAILED',
            fields: expect.arrayContaining([field]),
          });
        }
      }
      expect(await engine.eventCount()).toBe(before);
    });

    it('is revealed to an auditor who gives a reason, after recording who, when, which subject and why', async () => {
      const id = t.projects.A;
      const reason = 'Kiểm toán hồ sơ giải ngân đợt 1';
      const etag = (await engine.http.get(`/api/v1/projects/${id}`).set(auditor()).expect(200)).headers.etag;
      const at = engine.clock.now().toISOString();
      for (const [route, disclosedIn] of [['', 'detail'], ['/history', 'history'], ['/state', 'state']] as const) {
        const before = await engine.eventCount();
        const res = await engine.http.get(`/api/v1/projects/${id}${route}?reveal=personal-data&reason=${encodeURIComponent(reason)}`).set(auditor()).expect(200);
        expect(JSON.stringify(res.body)).toContain(CONTACT.phone);
        expect(await engine.eventCount()).toBe(before + 1);
        const recorded = (await eventsOf(`disclosures-${id}`)).at(-1);
        expect(recorded).toMatchObject({
          type: 'PersonalDataDisclosed',
          data: { projectId: id, subjectId: `project_${id}`, disclosedIn, reason, disclosedTo: PEOPLE.auditor.sub, at },
          metadata: { actor: { id: PEOPLE.auditor.sub, roles: ['auditor'] } },
        });
      }
      const detail = await engine.http.get(`/api/v1/projects/${id}?reveal=personal-data&reason=${encodeURIComponent(reason)}`).set(auditor()).expect(200);
      expect(detail.body.beneficiary).toMatchObject({ name: OWNER, contact: CONTACT });
      // The project's own stream does not move: its version and ETag stay.
      expect(detail.headers.etag).toBe(etag);
    });

    it('answers a reveal of a project out of scope 404 like an unknown id, recording nothing', async () => {
      const before = await engine.eventCount();
      const auditorOfB = engine.auth('auditor-b', ['auditor'], ['27811']);
      const query = `reveal=personal-data&reason=${encodeURIComponent('Kiểm toán chéo giữa hai xã')}`;
      for (const route of ['', '/history', '/state']) {
        await engine.http.get(`/api/v1/projects/${t.projects.A}${route}?${query}`).set(auditorOfB).expect(404);
      }
      expect(await engine.eventCount()).toBe(before);
      expect(await eventsOf(`disclosures-${t.projects.B}`)).toEqual([]);
    });
  });
});
