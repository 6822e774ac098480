import { createProgramme, DRAFT, headers, programmeBody } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

interface Unit {
  code: string;
  name: string;
  current: boolean;
}

describe('administrative units over HTTP', () => {
  let engine: TestEngine;
  let programmeId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine, 400_000_000);
  });
  afterAll(() => engine?.close());

  const draft = (beneficiary: Partial<typeof DRAFT.beneficiary>) => ({ ...DRAFT, programmeId, beneficiary: { ...DRAFT.beneficiary, ...beneficiary } });

  describe('GET /areas/provinces', () => {
    it('lists the 34 current provinces, then the 63 of before the reform, to any signed-in caller', async () => {
      const res = await engine.http.get('/api/v1/areas/provinces').set(engine.auth('treasury-1', ['finance-system'])).expect(200);
      const items = res.body.items as Unit[];
      expect(items.filter((p) => p.current)).toHaveLength(34);
      expect(items.filter((p) => !p.current)).toHaveLength(63);
      expect(items.findIndex((p) => !p.current)).toBe(34);
      expect(items).toContainEqual({ code: '80', name: 'Tỉnh Tây Ninh', current: true });
      expect(items).toContainEqual({ code: '80', name: 'Tỉnh Long An', current: false });
    });

    it('needs a token', async () => {
      await engine.http.get('/api/v1/areas/provinces').expect(401);
    });
  });

  describe('GET /areas/provinces/{code}/communes', () => {
    it('lists the new Tây Ninh’s 96 communes and wards, then old Long An’s under the same code', async () => {
      const res = await engine.http.get('/api/v1/areas/provinces/80/communes').set(headers(engine, 'officer')).expect(200);
      const items = res.body.items as Unit[];
      expect(items.filter((c) => c.current)).toHaveLength(96);
      expect(items.filter((c) => !c.current)).toHaveLength(186);
      expect(items[0]?.current).toBe(true);
      expect(items).toContainEqual({ code: '27991', name: 'Xã Bến Lức', current: true });
    });

    it('lists a pre-reform province’s communes as not current', async () => {
      const res = await engine.http.get('/api/v1/areas/provinces/72/communes').set(headers(engine, 'auditor')).expect(200);
      expect((res.body.items as Unit[]).every((c) => !c.current)).toBe(true);
      expect(res.body.items).toHaveLength(94);
    });

    it('answers 404 for an unknown province', async () => {
      const res = await engine.http.get('/api/v1/areas/provinces/99/communes').set(headers(engine, 'officer')).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('a project’s beneficiary area', () => {
    it('accepts a current province and commune without warnings', async () => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send(draft({ commune: '27991' })).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['id', 'position', 'status', 'version']);
    });

    it('refuses an unknown province with 422, naming the field and the nearest provinces by code', async () => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send(draft({ province: '81' })).expect(422);
      expect(res.body).toMatchObject({ code: 'AREA.UNKNOWN_PROVINCE', errors: [{ field: 'beneficiary.province' }], details: { value: '81', nearestBy: 'code' } });
      expect((res.body.details.nearest as Unit[]).map((u) => u.code)).toEqual(['80', '82', '83']);
    });

    it('refuses an unknown commune with the nearest of the province, in Vietnamese when asked', async () => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).set('Accept-Language', 'vi').send(draft({ commune: '27695' })).expect(422);
      expect(res.body).toMatchObject({ code: 'AREA.UNKNOWN_COMMUNE', errors: [{ field: 'beneficiary.commune' }], details: { value: '27695', province: '80' } });
      expect((res.body.details.nearest as Unit[])[0]).toEqual({ code: '27694', name: 'Phường Long An', current: true });
      expect(res.body.detail).toContain('Mã xã, phường không có trong danh mục');
    });

    it('refuses a commune of another province', async () => {
      const res = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send(draft({ commune: '00004' })).expect(422);
      expect(res.body).toMatchObject({ code: 'AREA.COMMUNE_OUTSIDE_PROVINCE', errors: [{ field: 'beneficiary.commune' }] });
    });

    it('accepts a pre-reform commune with a warning, on creation and on a change of the draft', async () => {
      const created = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send(draft({ commune: '27697' })).expect(201);
      expect(created.body.warnings).toEqual([{ code: 'AREA.PRE_REFORM', field: 'beneficiary.commune', message: expect.stringContaining('27697') }]);
      const changed = await engine.http
        .patch(`/api/v1/projects/${created.body.id}`)
        .set(headers(engine, 'officer'))
        .set('Accept-Language', 'vi')
        .send({ beneficiary: { ...DRAFT.beneficiary, commune: '27700' } })
        .expect(200);
      expect(changed.body.warnings).toEqual([{ code: 'AREA.PRE_REFORM', field: 'beneficiary.commune', message: expect.stringContaining('trước ngày 01/7/2025') }]);
      const back = await engine.http
        .patch(`/api/v1/projects/${created.body.id}`)
        .set(headers(engine, 'officer'))
        .send({ beneficiary: { ...DRAFT.beneficiary, commune: '27991' } })
        .expect(200);
      expect(back.body.warnings).toBeUndefined();
    });
  });

  describe('a programme’s province', () => {
    it('accepts a pre-reform province with a warning and refuses an unknown one', async () => {
      // A national programme run by the centre of the former Tây Ninh (72); the local policy is bound to 80.
      const national = { ...programmeBody('KCQG-TN-OLD'), fundingSource: 'national', policyId: 'vn-2014-national', province: '72' };
      const old = await engine.http.post('/api/v1/programmes').set(headers(engine, 'admin')).send(national).expect(201);
      expect(old.body.warnings).toEqual([{ code: 'AREA.PRE_REFORM', field: 'province', message: expect.stringContaining('72') }]);
      const unknown = await engine.http.post('/api/v1/programmes').set(headers(engine, 'admin')).send({ ...programmeBody('KCDP-XX'), province: '99' }).expect(422);
      expect(unknown.body).toMatchObject({ code: 'AREA.UNKNOWN_PROVINCE', errors: [{ field: 'province' }] });
    });
  });
});
