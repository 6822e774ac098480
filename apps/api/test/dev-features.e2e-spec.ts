import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

/*
 * Development features (demo sign-in, simulated treasury) exist only where nobody can mistake
 * them for production. A start with DATABASE_URL and no NODE_ENV is a server start: the routes
 * are absent and undocumented. With DEV_FEATURES=on the simulated treasury names the person who
 * pressed the button, not the finance system.
 */

const DEV_ROUTES = [
  ['get', '/api/v1/console/dev/people'],
  ['post', '/api/v1/console/dev/tokens'],
  ['post', '/api/v1/console/dev/treasury-payments'],
] as const;

describe('a server start (DATABASE_URL, no NODE_ENV)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('is one: development features are off', () => {
    expect(engine.config).toMatchObject({ devFeatures: false, production: true, devFeaturesReason: 'DATABASE_URL is set' });
  });

  it('answers 404 on every development route, with or without a token', async () => {
    for (const [method, path] of DEV_ROUTES) {
      const anonymous = await engine.http[method](path).send(method === 'post' ? { sub: 'demo-admin' } : undefined).expect(404);
      expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(anonymous.body.code).toBe('NOT_FOUND');
      await engine.http[method](path).set(headers(engine, 'admin')).send({ paymentOrderNo: 'UNC-1', amountVnd: 1 }).expect(404);
    }
  });

  it('leaves the development routes out of the OpenAPI document', async () => {
    const docs = await engine.http.get('/docs-json').expect(200);
    const paths = Object.keys(docs.body.paths as Record<string, unknown>);
    expect(paths).toContain('/api/v1/projects');
    expect(paths.filter((p) => p.includes('console/dev'))).toEqual([]);
  });
});

describe('development features on (DEV_FEATURES=on)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { DEV_FEATURES: 'on' } });
  });
  afterAll(() => engine?.close());

  it('documents the development routes', async () => {
    const paths = Object.keys((await engine.http.get('/docs-json').expect(200)).body.paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/console/dev/people', '/api/v1/console/dev/tokens', '/api/v1/console/dev/treasury-payments']));
  });

  it('records the person who pressed "simulate treasury payment" as the actor, in the finance role', async () => {
    const programmeId = await createProgramme(engine);
    const approved = MAIN_PATH.findIndex((s) => s.command === 'ApproveTranche') + 1;
    const projectId = await driveTo(engine, programmeId, approved);
    const paid = await engine.http
      .post('/api/v1/console/dev/treasury-payments')
      .set(headers(engine, 'accountant'))
      .send({ paymentOrderNo: 'UNC-2026-0001', amountVnd: 100_000_000 })
      .expect(202);
    expect(paid.body).toMatchObject({ status: 'applied', projectId });

    const events = await engine.db.query<{ metadata: { actor: { id: string; roles: string[] } } }>(
      "SELECT metadata FROM events WHERE stream_id = $1 AND type = 'PaymentConfirmed'",
      [`project-${projectId}`],
    );
    expect(events.rows.map((r) => r.metadata.actor)).toEqual([{ id: 'accountant-1', roles: ['finance-system'] }]);
  });
});
