import { createDraft, createProgramme, DRAFT, driveTo, headers, MAIN_PATH, payOrders, send } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

describe('a khuyến công project from draft to closed, over HTTP', () => {
  let engine: TestEngine;
  let programmeId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine, 400_000_000);
  });
  afterAll(() => engine?.close());

  it('answers every step with the new status and version, and the read models agree with the events', async () => {
    const id = await createDraft(engine, programmeId);
    const pay = payOrders(engine);
    let version = 1;
    let position = 0;
    for (const [index, step] of MAIN_PATH.entries()) {
      const before = await engine.eventCount();
      await pay(index, step, id);
      if ((await engine.eventCount()) > before) version += 1;
      const res = await send(engine, id, step);
      expect({ step: step.command, status: res.status, body: res.body }).toMatchObject({ step: step.command, status: 200, body: { id, status: step.status } });
      expect(res.body.version).toBeGreaterThan(version - 1);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      expect(res.body.position).toBeGreaterThan(position);
      version = res.body.version;
      position = res.body.position;
    }

    const detail = await engine.http.get(`/api/v1/projects/${id}?minPosition=${position}`).set(headers(engine, 'auditor')).expect(200);
    expect(detail.headers.etag).toBe(`"${version}"`);
    expect(detail.body).toMatchObject({
      id,
      version,
      status: 'closed',
      iatiActivityStatus: 4,
      amounts: { requestedVnd: 150_000_000, recommendedVnd: 150_000_000, approvedVnd: 150_000_000, contractVnd: 150_000_000, disbursedVnd: 150_000_000, refundDemandedVnd: 2_000_000, refundedVnd: 2_000_000 },
    });
    expect(detail.body.appraisal.meanScore).toBeGreaterThanOrEqual(6);
    expect(detail.body.appraisal.levels[0].conflicts).toEqual([expect.objectContaining({ appraiserId: 'appraiser-4' })]);
    expect(detail.body.tranches.map((t: { status: string }) => t.status)).toEqual(['paid', 'paid']);

    const history = await engine.http.get(`/api/v1/projects/${id}/history`).set(headers(engine, 'auditor')).expect(200);
    const projectEvents = history.body.items.filter((e: { streamId: string }) => e.streamId === `project-${id}`);
    expect(projectEvents).toHaveLength(version);
    expect(projectEvents[0]).toMatchObject({ version: 1, type: 'ProjectDraftCreated', metadata: { actor: { id: 'officer-1' }, policy: { id: 'vn-longan-local-2022', version: 1 } } });
    expect(history.body.items.map((e: { type: string }) => e.type)).toContain('PaymentConfirmed');

    // The programme: 150 m reserved at approval, 2 m released at settlement (148 m settled).
    const programme = await engine.http.get(`/api/v1/programmes/${programmeId}?minPosition=${position}`).set(headers(engine, 'officer')).expect(200);
    expect(programme.body.budget).toEqual({ totalVnd: 400_000_000, reservedVnd: 148_000_000, committedVnd: 148_000_000, disbursedVnd: 150_000_000, availableVnd: 252_000_000 });
  });

  it('refuses an approval the remaining budget cannot carry, appending nothing', async () => {
    // 252 m is left; two more projects ask 150 m each.
    const first = await driveTo(engine, programmeId, 11);
    const second = await driveTo(engine, programmeId, 10);
    const approval = MAIN_PATH[10];
    if (!approval) throw new Error('path changed');
    const head = (await engine.lastPosition());
    expect((await engine.http.get(`/api/v1/projects/${first}?minPosition=${head}`).set(headers(engine, 'officer'))).body.status).toBe('approved');
    const before = await engine.eventCount();
    const res = await send(engine, second, approval);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'FUNDING.BUDGET_EXCEEDED', status: 409, details: { availableVnd: 102_000_000 } });
    expect(await engine.eventCount()).toBe(before);
    const detail = await engine.http.get(`/api/v1/projects/${second}?minPosition=${head}`).set(headers(engine, 'officer')).expect(200);
    expect(detail.body.status).toBe('recommended');
  });

  it('lists, searches without diacritics, counts, and rebuilds the read models to the same rows', async () => {
    await createDraft(engine, programmeId, {
      title: 'Robot gắp gạch cho lò gạch Đức Hòa',
      category: 'DEMO_MODEL',
      beneficiary: { name: 'Công ty TNHH Gạch Tuynel Đức Hòa', kind: 'enterprise', province: '80', commune: '27694' },
      totalCostVnd: 600_000_000,
      requestedSupportVnd: 150_000_000,
      counterpartVnd: 450_000_000,
    });
    const found = await engine.http.get(`/api/v1/projects?q=keo%20khom&minPosition=${await engine.lastPosition()}`).set(headers(engine, 'officer')).expect(200);
    expect(found.body.items.length).toBe(3);
    expect(found.body.items.every((p: { title: string }) => p.title === DRAFT.title)).toBe(true);
    const robot = await engine.http.get('/api/v1/projects?q=GACH%20duc%20hoa').set(headers(engine, 'officer')).expect(200);
    expect(robot.body.items.map((p: { title: string }) => p.title)).toEqual(['Robot gắp gạch cho lò gạch Đức Hòa']);
    const page = await engine.http.get('/api/v1/projects?limit=2').set(headers(engine, 'officer')).expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await engine.http.get(`/api/v1/projects?limit=2&cursor=${page.body.nextCursor}`).set(headers(engine, 'officer')).expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[1].id);
    const byStatus = await engine.http.get(`/api/v1/projects?status=draft,closed`).set(headers(engine, 'officer')).expect(200);
    expect(byStatus.body.items.map((p: { status: string }) => p.status).sort()).toEqual(['closed', 'draft']);

    const stats = await engine.http.get(`/api/v1/stats?programmeId=${programmeId}`).set(headers(engine, 'approver')).expect(200);
    expect(stats.body.total).toBe(4);
    expect(stats.body.byStatus).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'closed', count: 1, disbursedVnd: 150_000_000 }), expect.objectContaining({ key: 'recommended', count: 1 })]),
    );
    expect(stats.body.byCommune).toEqual([expect.objectContaining({ key: '27694', count: 4 })]);

    const dump = async () => ({
      projects: (await engine.db.query('SELECT id, version, status, doc, requested_vnd, approved_vnd, disbursed_vnd, search_text FROM projects ORDER BY id')).rows,
      programmes: (await engine.db.query('SELECT id, version, doc, total_vnd, reserved_vnd FROM programmes ORDER BY id')).rows,
    });
    await engine.projections.catchUp();
    const live = await dump();
    await engine.projections.rebuild('projects');
    await engine.projections.rebuild('programmes');
    await engine.projections.catchUp();
    expect((await engine.projections.status()).filter((s) => s.name !== 'reminders').map((s) => [s.name, s.generation, s.status])).toEqual([
      ['programmes', 2, 'live'],
      ['projects', 2, 'live'],
    ]);
    expect(await dump()).toEqual(live);
  });

  // Last: it adds a draft to the programme the tests above count.
  it('publishes the policy sets, and a decision names the rule set it used by the hash the API shows', async () => {
    const list = await engine.http.get('/api/v1/policies').set(headers(engine, 'auditor')).expect(200);
    const ids = list.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['vn-2014-national', 'vn-longan-local-2022']));
    const local = list.body.items.find((p: { id: string }) => p.id === 'vn-longan-local-2022');
    expect(local.versions[0]).toMatchObject({ version: 1, effectiveFrom: '2022-01-01', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const national = await engine.http.get('/api/v1/policies/vn-2014-national').set(headers(engine, 'officer')).expect(200);
    const longAn = await engine.http.get('/api/v1/policies/vn-longan-local-2022?version=1').set(headers(engine, 'officer')).expect(200);
    expect(national.body.appraisal).toMatchObject({ quorum: 3, passMark: 5 });
    // Every figure says where it comes from: a source, or a sample the console marks "(mẫu)".
    const figure = (body: { figures: { path: string }[] }, path: string) => body.figures.find((f) => f.path === path);
    expect(national.body.version).toBe(3);
    expect(figure(national.body, 'categories.CAPACITY.capVnd')).toMatchObject({ value: 10_000_000, sample: true });
    expect(figure(national.body, 'appraisal.quorum')).toMatchObject({ value: 3, sample: true });
    expect(figure(national.body, 'deadlines.settlementHardStop.day')).toEqual({ path: 'deadlines.settlementHardStop.day', value: 22, source: { document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.18' } });
    expect(national.body.figures.every((f: { sample?: boolean; source?: unknown }) => f.sample === true || f.source !== undefined)).toBe(true);
    expect(figure(longAn.body, 'categories.MACHINERY.capVnd')).toMatchObject({ value: 300_000_000, sample: true });
    expect(longAn.body.appraisal.passMark).toBe(6);
    expect(longAn.body.hash).toBe(local.versions[0].hash);
    expect(national.body.hash).not.toBe(longAn.body.hash);

    // The programme pins the local set: its decisions record exactly that hash.
    const id = await createDraft(engine, programmeId);
    const history = await engine.http.get(`/api/v1/projects/${id}/history`).set(headers(engine, 'auditor')).expect(200);
    expect(history.body.items[0].metadata.policy).toEqual({ id: 'vn-longan-local-2022', version: 1, hash: longAn.body.hash });

    const unknown = await engine.http.get('/api/v1/policies/vn-1990-imaginary').set(headers(engine, 'officer')).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    await engine.http.get('/api/v1/policies/vn-2014-national?version=99').set(headers(engine, 'officer')).expect(404);
    const badVersion = await engine.http.get('/api/v1/policies/vn-2014-national?version=first').set(headers(engine, 'officer')).expect(400);
    expect(badVersion.body.errors).toEqual([expect.objectContaining({ field: 'version' })]);
    await engine.http.get('/api/v1/policies').expect(401);
  });
});
