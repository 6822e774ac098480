import { createProgramme, driveTo, headers } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(120_000);

/** MAIN_PATH up to (without) the funding approval: the project is `recommended` for 150 m. */
const RECOMMENDED = 10;

describe('annual plans (kế hoạch khuyến công) over HTTP', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  const budgetOf = async (programmeId: string) => {
    const res = await engine.http.get(`/api/v1/programmes/${programmeId}?minPosition=${await engine.lastPosition()}`).set(headers(engine, 'officer')).expect(200);
    return res.body.budget as { totalVnd: number; reservedVnd: number; availableVnd: number };
  };
  const statusOf = async (projectId: string) =>
    (await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${await engine.lastPosition()}`).set(headers(engine, 'officer')).expect(200)).body.status as string;

  /** A programme with three recommended projects and a submitted plan of them (150 + 120 + 100 m). */
  async function submittedPlan(budgetVnd: number) {
    const programmeId = await createProgramme(engine, budgetVnd);
    const projects = [await driveTo(engine, programmeId, RECOMMENDED), await driveTo(engine, programmeId, RECOMMENDED), await driveTo(engine, programmeId, RECOMMENDED)];
    engine.clock.set('2026-04-09T02:00:00Z');
    const items = projects.map((projectId, i) => ({ projectId, approvedSupportVnd: [150_000_000, 120_000_000, 100_000_000][i] }));
    const created = await engine.http
      .post(`/api/v1/programmes/${programmeId}/plans`)
      .set(headers(engine, 'officer'))
      .send({ title: 'Kế hoạch khuyến công địa phương năm 2026', items })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), version: 1, position: expect.any(Number), status: 'draft' });
    expect(created.headers.etag).toBe('"1"');
    const planId = created.body.id as string;
    const submitted = await engine.http.post(`/api/v1/programmes/${programmeId}/plans/${planId}/submit`).set(headers(engine, 'officer')).send({}).expect(200);
    expect(submitted.body).toMatchObject({ id: planId, version: 2, status: 'submitted' });
    return { programmeId, projects, planId };
  }

  const approval = { decisionNo: '1234/QĐ-UBND', decidedOn: '2026-04-10' };

  it('approves three recommended projects in one decision and reserves their funds atomically', async () => {
    const { programmeId, projects, planId } = await submittedPlan(1_000_000_000);
    expect(await budgetOf(programmeId)).toMatchObject({ totalVnd: 1_000_000_000, reservedVnd: 0, availableVnd: 1_000_000_000 });

    engine.clock.set('2026-04-10T02:00:00Z');
    const before = await engine.eventCount();
    const res = await engine.http.post(`/api/v1/programmes/${programmeId}/plans/${planId}/approval`).set(headers(engine, 'approver')).send(approval).expect(200);
    expect(res.body).toMatchObject({ id: planId, version: 3, status: 'approved' });
    // One append: the plan's decision, three FundingApproved and three FundsReserved, at one commit.
    expect(await engine.eventCount()).toBe(before + 7);

    expect(await budgetOf(programmeId)).toMatchObject({ totalVnd: 1_000_000_000, reservedVnd: 370_000_000, availableVnd: 630_000_000 });
    for (const id of projects) expect(await statusOf(id)).toBe('approved');
    const history = await engine.http.get(`/api/v1/projects/${projects[1]}/history`).set(headers(engine, 'auditor')).expect(200);
    const approved = history.body.items.find((e: { type: string }) => e.type === 'FundingApproved');
    expect(approved.data).toMatchObject({ planId, decisionNo: '1234/QĐ-UBND', approvedSupportVnd: 120_000_000 });

    const plan = await engine.http.get(`/api/v1/programmes/${programmeId}/plans/${planId}`).set(headers(engine, 'auditor')).expect(200);
    expect(plan.headers.etag).toBe('"3"');
    expect(plan.body).toMatchObject({ planId, status: 'approved', totalVnd: 370_000_000, items: [{ projectId: projects[0] }, { projectId: projects[1] }, { projectId: projects[2] }], decision: { decisionNo: '1234/QĐ-UBND', authority: 'people_committee', approvedBy: 'approver-1' } });
    const list = await engine.http.get(`/api/v1/programmes/${programmeId}/plans`).set(headers(engine, 'officer')).expect(200);
    expect(list.body.items.map((p: { planId: string; status: string }) => [p.planId, p.status])).toEqual([[planId, 'approved']]);
    await engine.http.get(`/api/v1/programmes/${programmeId}/plans/no-such-plan`).set(headers(engine, 'officer')).expect(404);
  });

  it('refuses a plan over the budget with the shortfall, changing nothing', async () => {
    const { programmeId, projects, planId } = await submittedPlan(300_000_000);
    engine.clock.set('2026-04-10T02:00:00Z');
    const before = await engine.eventCount();
    const res = await engine.http.post(`/api/v1/programmes/${programmeId}/plans/${planId}/approval`).set(headers(engine, 'approver')).send(approval);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'FUNDING.BUDGET_EXCEEDED', details: { availableVnd: 300_000_000, requestedVnd: 370_000_000, shortfallVnd: 70_000_000, planId } });
    expect(await engine.eventCount()).toBe(before);
    expect(await budgetOf(programmeId)).toMatchObject({ reservedVnd: 0, availableVnd: 300_000_000 });
    for (const id of projects) expect(await statusOf(id)).toBe('recommended');
  });

  it('refuses an approver without the People’s Committee’s authority, naming the level', async () => {
    const { programmeId, planId } = await submittedPlan(1_000_000_000);
    engine.clock.set('2026-04-10T02:00:00Z');
    const before = await engine.eventCount();
    for (const token of [engine.auth('approver-7', 'approver'), engine.auth('approver-8', 'approver', undefined, 'department')]) {
      const res = await engine.http.post(`/api/v1/programmes/${programmeId}/plans/${planId}/approval`).set(token).set('Accept-Language', 'en').send(approval);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTHORITY.INSUFFICIENT', details: { requiredAuthority: 'people_committee' } });
    }
    expect(await engine.eventCount()).toBe(before);
  });

  it('refuses plans of projects that are not recommended, listed twice or of another programme, naming them', async () => {
    const programmeId = await createProgramme(engine, 2_000_000_000);
    const recommended = await driveTo(engine, programmeId, RECOMMENDED);
    const submitted = await driveTo(engine, programmeId, 2);
    const post = (items: object[]) => engine.http.post(`/api/v1/programmes/${programmeId}/plans`).set(headers(engine, 'officer')).send({ title: 'Kế hoạch', items });
    const notRecommended = await post([{ projectId: recommended, approvedSupportVnd: 1_000_000 }, { projectId: submitted, approvedSupportVnd: 1_000_000 }]);
    expect([notRecommended.status, notRecommended.body.code, notRecommended.body.details?.projectIds]).toEqual([422, 'PLAN.PROJECT_NOT_RECOMMENDED', [submitted]]);
    const twice = await post([{ projectId: recommended, approvedSupportVnd: 1_000_000 }, { projectId: recommended, approvedSupportVnd: 2_000_000 }]);
    expect([twice.status, twice.body.code, twice.body.details?.projectIds]).toEqual([422, 'PLAN.DUPLICATE_PROJECT', [recommended]]);
    const elsewhere = await post([{ projectId: 'not-a-project-here', approvedSupportVnd: 1_000_000 }]);
    expect([elsewhere.status, elsewhere.body.code, elsewhere.body.details?.projectIds]).toEqual([422, 'PLAN.PROJECT_OF_ANOTHER_PROGRAMME', ['not-a-project-here']]);
    const approverDrafts = await engine.http.post(`/api/v1/programmes/${programmeId}/plans`).set(headers(engine, 'approver')).send({ title: 'Kế hoạch', items: [{ projectId: recommended, approvedSupportVnd: 1 }] });
    expect(approverDrafts.status).toBe(403);
  });
});
