import type { Clock, IdGenerator } from '@app/application';
import { EVENT_UPCASTERS, type Role } from '@app/domain';
import { worldAt } from '@app/domain/testing/domain-fixtures';
import { EventSchemaRegistry, InMemoryEventStore } from '@app/event-store';
import type { ReadModelQueries } from '@app/projections';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';
import { ProjectVisibility } from './project-visibility';

const uuid = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const principal = (id: string, roles: Role[], areas?: string[]): Principal => ({ id, roles, ...(areas ? { areas } : {}), token: { exp: 0 } });

describe('project visibility', () => {
  const store = new InMemoryEventStore();
  // The read model has not caught up: every lookup misses, so the stream decides.
  const queries = { visibilityOf: async () => undefined } as unknown as ReadModelQueries;
  let nextId = 1000;
  const ids: IdGenerator = { next: () => uuid(nextId++) };
  const clock: Clock = { now: () => new Date('2026-03-20T02:00:00Z') };
  const visibility = new ProjectVisibility(queries, store, new EventSchemaRegistry(EVENT_UPCASTERS), ids, clock);

  beforeAll(async () => {
    // Commune 80123 of province 80, appraised by appraiser-1…3.
    const events = worldAt('in_appraisal').history.map((e, i) => ({ eventId: uuid(i + 1), type: e.type, schemaVersion: 1, data: e.data, metadata: {} }));
    await store.appendToStreams([{ streamId: 'project-p-1', expectedVersion: 'any', events }]);
  });

  it("decides from the project's stream while the read model lags", async () => {
    const cases = [
      [principal('o', ['officer'], ['80123']), true],
      [principal('o', ['officer'], ['80']), true],
      [principal('o', ['officer'], ['80999']), false],
      [principal('appraiser-2', ['appraiser']), true],
      [principal('appraiser-9', ['appraiser']), false],
      [principal('t', ['finance-system']), false],
    ] as const;
    for (const [who, sees] of cases) expect([who.id, who.areas, await visibility.canSee(who, 'p-1')]).toEqual([who.id, who.areas, sees]);
  });

  it('sees no unknown project for a bound principal, and leaves unknown ids to the route otherwise', async () => {
    expect(await visibility.canSee(principal('o', ['officer'], ['80']), 'p-unknown')).toBe(false);
    expect(await visibility.canSee(principal('x', ['auditor']), 'p-unknown')).toBe(true);
  });

  it('refuses whole-log reads to a principal bound by areas', () => {
    expect(() => visibility.requireWholeProvince(principal('x', ['auditor']), 'The audit export')).not.toThrow();
    const refused = (() => {
      try {
        visibility.requireWholeProvince(principal('x', ['auditor'], ['80']), 'The audit export');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).problem).toMatchObject({ status: 403, code: 'AUTH.SCOPE_TOO_NARROW' });
  });

  it('records a disclosure in a stream of its own', async () => {
    await visibility.recordDisclosure(principal('auditor-1', ['auditor']), 'p-1', 'history', 'Kiểm toán hồ sơ', 'corr-1');
    expect(await store.readStream('disclosures-p-1')).toEqual([
      expect.objectContaining({
        type: 'PersonalDataDisclosed',
        data: { projectId: 'p-1', subjectId: 'project_p-1', disclosedIn: 'history', reason: 'Kiểm toán hồ sơ', disclosedTo: 'auditor-1', at: '2026-03-20T02:00:00.000Z' },
        metadata: { actor: { id: 'auditor-1', roles: ['auditor'] }, correlationId: 'corr-1' },
      }),
    ]);
    expect(await store.readStream('project-p-1')).toHaveLength(worldAt('in_appraisal').history.length);
  });

  it('opens personal data to the roles that work with it, and to a reveal with a reason once recorded', async () => {
    const auditor = principal('auditor-2', ['auditor']);
    expect(await visibility.showsPersonalData(principal('o', ['officer']), 'p-2', 'detail', {})).toBe(true);
    expect(await visibility.showsPersonalData(auditor, 'p-2', 'detail', {})).toBe(false);
    expect(await visibility.showsPersonalData(auditor, 'p-2', 'detail', { reveal: 'personal-data' })).toBe(false);
    expect(await store.readStream('disclosures-p-2')).toEqual([]);
    expect(await visibility.showsPersonalData(auditor, 'p-2', 'state', { reveal: 'personal-data', reason: 'Kiểm toán hồ sơ', correlationId: 'corr-2' })).toBe(true);
    expect(await store.readStream('disclosures-p-2')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ disclosedIn: 'state', disclosedTo: 'auditor-2' }), metadata: expect.objectContaining({ correlationId: 'corr-2' }) }),
    ]);
  });
});
