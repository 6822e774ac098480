import type { SqlDatabase } from '@app/event-store';
import { ProjectionManager, ReadRouting } from '@app/projections';
import { testDatabaseUrl } from '@app/testing';
import { createProgramme, DRAFT, headers } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

/**
 * DATABASE_READ_URL names a replica for reads. Here it is the primary's own server (a second
 * pool), so which pool a query went to is what the test watches; the replica is made "behind"
 * by what the engine asks of it.
 */
describe('reads on a replica (DATABASE_READ_URL)', () => {
  let engine: TestEngine;
  let routing: ReadRouting;
  let programmeId: string;
  const ran = { primary: 0, replica: 0 };

  function count(db: SqlDatabase, as: keyof typeof ran): void {
    const query = db.query.bind(db);
    jest.spyOn(db, 'query').mockImplementation((text, params, name) => {
      if (/FROM\s+(projects|programmes)\b|project_list|programme/i.test(text)) ran[as] += 1;
      return query(text, params, name);
    });
  }

  beforeAll(async () => {
    engine = await startTestEngine({ env: { DATABASE_READ_URL: testDatabaseUrl() } });
    routing = engine.app.get(ReadRouting);
    programmeId = await createProgramme(engine);
    engine.clock.set('2026-03-02T02:00:00Z');
  });
  afterAll(() => engine?.close());

  beforeEach(() => {
    ran.primary = 0;
    ran.replica = 0;
  });

  it('has a replica pool of its own, which readiness reports to an operator', async () => {
    const ready = await engine.http.get('/health/ready').set(headers(engine, 'admin')).expect(200);
    expect(ready.body.checks.readReplica).toEqual({ status: 'up' });
    expect(routing.replica).toBeDefined();
    expect(routing.replica).not.toBe(routing.primary);
    count(routing.primary, 'primary');
    count(routing.replica as SqlDatabase, 'replica');
  });

  it('reads from the replica once it has replayed the position asked for', async () => {
    const created = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId }).expect(201);
    ran.primary = 0;
    const read = await engine.http.get(`/api/v1/projects/${created.body.id}?minPosition=${created.body.position}`).set(headers(engine, 'officer')).expect(200);
    expect(read.body.id).toBe(created.body.id);
    expect(ran.replica).toBeGreaterThan(0);
    expect(ran.primary).toBe(0);
  });

  it('reads from the primary when the replica has not replayed the position yet', async () => {
    const created = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId }).expect(201);
    const projections = engine.app.get(ProjectionManager);
    const behind = jest.spyOn(projections, 'reachedOn').mockResolvedValue(false);
    ran.primary = 0;
    try {
      const read = await engine.http.get(`/api/v1/projects/${created.body.id}?minPosition=${created.body.position}`).set(headers(engine, 'officer')).expect(200);
      expect(read.body.id).toBe(created.body.id);
      expect(behind).toHaveBeenCalledWith(routing.replica, created.body.position, ['projects']);
      expect(ran.primary).toBeGreaterThan(0);
      expect(ran.replica).toBe(0);
      // A read without minPosition asks for nothing the replica lacks: it goes there.
      ran.primary = 0;
      await engine.http.get(`/api/v1/projects?programmeId=${programmeId}`).set(headers(engine, 'officer')).expect(200);
      expect(ran.replica).toBeGreaterThan(0);
      expect(ran.primary).toBe(0);
    } finally {
      behind.mockRestore();
    }
  });
});
