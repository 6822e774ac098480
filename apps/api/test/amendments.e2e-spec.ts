import { createProgramme, driveTo, headers, MAIN_PATH, type Person } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(90_000);

/** The new beneficiary of the scenario: a household business, so its name is its owner's. */
const NEW_OWNER = 'Hộ kinh doanh Lê Văn Tâm';
const NEW_BENEFICIARY = {
  name: NEW_OWNER,
  kind: 'household_business',
  province: '80',
  commune: '27991',
  contact: { name: 'Lê Văn Tâm', phone: '0933333333' },
};

describe('amendments that change the project’s data', () => {
  let engine: TestEngine;
  let projectId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    const programmeId = await createProgramme(engine);
    projectId = await driveTo(engine, programmeId, MAIN_PATH.findIndex((s) => s.command === 'RequestAmendment'));
  });
  afterAll(async () => {
    await engine?.close();
  });

  const url = (path = '') => `/api/v1/projects/${projectId}${path}`;
  const request = (body: object) => {
    engine.clock.set('2026-07-01T02:00:00Z');
    return engine.http.post(url('/amendments')).set(headers(engine, 'officer')).send({ reason: 'Theo đề nghị của cơ sở', ...body });
  };
  const decide = (no: number, approve = true) => {
    engine.clock.set('2026-07-02T02:00:00Z');
    return engine.http.post(url(`/amendments/${no}/decision`)).set(headers(engine, 'approver')).send({ approve, note: approve ? 'Đồng ý' : 'Không đồng ý' }).expect(200);
  };
  const detail = async (person: Person) =>
    (await engine.http.get(`${url()}?minPosition=${await engine.lastPosition()}`).set(headers(engine, person)).expect(200)).body;

  it('moves the establishment once a location amendment is approved, with the area warnings of creation', async () => {
    const unknown = await request({ kind: 'location', changes: { province: '80', commune: '27695' } }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'AREA.UNKNOWN_COMMUNE', errors: [{ field: 'changes.commune' }] });
    const mismatch = await request({ kind: 'content', changes: { province: '80', commune: '27991' } }).expect(422);
    expect(mismatch.body).toMatchObject({ code: 'AMENDMENT.KIND_MISMATCH' });

    const requested = await request({ kind: 'location', changes: { province: '80', commune: '27697' } }).expect(200);
    expect(requested.body.warnings).toEqual([{ code: 'AREA.PRE_REFORM', field: 'changes.commune', message: expect.stringContaining('27697') }]);
    expect((await detail('officer')).beneficiary.commune).toBe('27694');
    await decide(1);
    const after = await detail('officer');
    expect(after.beneficiary).toMatchObject({ province: '80', commune: '27697' });
    expect(after.amendments[0]).toMatchObject({ kind: 'location', status: 'approved', changes: { province: '80', commune: '27697' } });
    // The list filters on the new commune.
    const listed = await engine.http.get(`/api/v1/projects?commune=27697&minPosition=${await engine.lastPosition()}`).set(headers(engine, 'officer')).expect(200);
    expect((listed.body.items as { id: string }[]).map((i) => i.id)).toContain(projectId);
  });

  it('leaves the project as it was when an amendment is rejected', async () => {
    await request({ kind: 'content', changes: { category: 'TECH_TRANSFER', objectives: 'Chuyển giao công nghệ sấy' } }).expect(200);
    await decide(2, false);
    expect(await detail('officer')).toMatchObject({ category: 'MACHINERY', objectives: 'Nâng công suất lên 2 tấn/ngày, giảm 30% lao động thủ công' });
  });

  it('shows a new beneficiary to officers once approved, sealed to auditors and in the log', async () => {
    await request({ kind: 'beneficiary', changes: { beneficiary: NEW_BENEFICIARY } }).expect(200);
    // Pending, the new name is already personal data: auditors see it sealed in the amendment.
    const pending = await detail('auditor');
    expect(pending.amendments[2].changes.beneficiary).toMatchObject({ name: '[sealed]', contact: { name: '[sealed]', phone: '[sealed]' } });
    await decide(3);

    const officer = await detail('officer');
    expect(officer.beneficiary).toEqual(NEW_BENEFICIARY);
    const auditor = await detail('auditor');
    expect(auditor.beneficiary).toMatchObject({ name: '[sealed]', kind: 'household_business', commune: '27991', contact: { name: '[sealed]', phone: '[sealed]' } });
    const history = await engine.http.get(url('/history')).set(headers(engine, 'auditor')).expect(200);
    for (const body of [auditor, history.body]) {
      const text = JSON.stringify(body);
      for (const secret of [NEW_OWNER, NEW_BENEFICIARY.contact.name, NEW_BENEFICIARY.contact.phone]) expect(text).not.toContain(secret);
    }
    const stored = await engine.db.query<{ data: string }>('SELECT data::text AS data FROM events WHERE stream_id = $1', [`project-${projectId}`]);
    const raw = stored.rows.map((r) => r.data).join('\n');
    for (const secret of [NEW_OWNER, NEW_BENEFICIARY.contact.name, NEW_BENEFICIARY.contact.phone]) expect(raw).not.toContain(secret);
  });

  it('sets the partners with a partner amendment and changes the content with a content one', async () => {
    const partners = [{ partnerName: 'Trường Cao đẳng nghề Long An', role: 'chuyển giao kỹ thuật' }];
    const partner = await request({ kind: 'partner', changes: { partners } }).expect(200);
    expect(partner.body.status).toBe('in_implementation');
    await decide(4);
    await request({ kind: 'content', changes: { category: 'TECH_TRANSFER', expectedEffects: 'Tăng 20 % năng suất' } }).expect(200);
    await decide(5);
    expect(await detail('officer')).toMatchObject({
      partners,
      category: 'TECH_TRANSFER',
      expectedEffects: 'Tăng 20 % năng suất',
      amendments: expect.arrayContaining([expect.objectContaining({ no: 4, kind: 'partner', approvalLevel: 'department', status: 'approved' })]),
    });
  });

  it('erases the amended beneficiary with the project’s subject', async () => {
    const subject = `project_${projectId}`;
    await engine.http.post(`/api/v1/admin/data-subjects/${subject}/erasure`).set(headers(engine, 'admin')).expect(200);
    const erased = await detail('officer');
    expect(erased.beneficiary).toMatchObject({ name: '[erased]', contact: { name: '[erased]', phone: '[erased]' }, commune: '27991' });
    expect(erased.amendments[2].changes.beneficiary).toMatchObject({ name: '[erased]', contact: { name: '[erased]', phone: '[erased]' } });
    const history = await engine.http.get(url('/history')).set(headers(engine, 'officer')).expect(200);
    expect(JSON.stringify(history.body)).not.toContain(NEW_OWNER);
  });
});
