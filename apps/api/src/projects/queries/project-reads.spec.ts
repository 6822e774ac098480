import type { Clock, IdGenerator } from '@app/application';
import { EVENT_UPCASTERS, type Role } from '@app/domain';
import { worldAt } from '@app/domain/testing/domain-fixtures';
import { EventSchemaRegistry, InMemoryEventStore } from '@app/event-store';
import type { ProjectListFilter, ProjectListItem, ReadModelQueries } from '@app/projections';
import type { PersonalDataGuard } from '@app/privacy';
import type { ReminderQueries } from '@app/reminders';
import type { Principal } from '../../http/auth/principal';
import { ProjectVisibility } from '../project-visibility';
import { ListProjects, ListProjectsHandler } from './list-projects.query';
import { GetProjectHistory, GetProjectHistoryHandler } from './project-history.query';

const uuid = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const principal = (id: string, roles: Role[], areas?: string[]): Principal => ({ id, roles, ...(areas ? { areas } : {}), token: { exp: 0 } });

function item(id: string, kind: string): ProjectListItem {
  return {
    id,
    programmeId: 'prog-1',
    version: 1,
    status: 'draft',
    title: 'Máy sấy',
    category: 'MACHINERY',
    beneficiary: { name: 'Hộ kinh doanh Trần Thị B', kind, province: '80', commune: '80123' },
    requestedVnd: 1,
    recommendedVnd: null,
    approvedVnd: null,
    disbursedVnd: 0,
    meanScore: null,
    createdAt: null,
    updatedAt: '2026-03-20T02:00:00Z',
  };
}

describe('project reads as queries', () => {
  let nextId = 1;
  const ids: IdGenerator = { next: () => uuid(nextId++) };
  const clock: Clock = { now: () => new Date('2026-03-20T02:00:00Z') };

  describe('ListProjects', () => {
    const filters: ProjectListFilter[] = [];
    const queries = {
      listProjects: async (filter: ProjectListFilter) => {
        filters.push(filter);
        return { items: [item('p-1', 'household_business'), item('p-2', 'enterprise')] };
      },
    } as unknown as ReadModelQueries;
    const reminders = { overdueProjectIds: async () => ['p-late'] } as unknown as ReminderQueries;
    const handler = new ListProjectsHandler(queries, reminders);

    beforeEach(() => filters.splice(0));

    it('keeps or leaves out the projects with overdue work, within the scope, and seals a household business for an auditor', async () => {
      const officer = await handler.execute(new ListProjects(principal('o', ['officer'], ['80123']), { overdue: true, limit: 20 }));
      expect(filters[0]).toEqual({ ids: ['p-late'], limit: 20, scope: expect.objectContaining({ personalData: 'opened' }) });
      expect(officer.items.map((i) => i.beneficiary.name)).toEqual(['Hộ kinh doanh Trần Thị B', 'Hộ kinh doanh Trần Thị B']);

      const auditor = await handler.execute(new ListProjects(principal('a', ['auditor']), { overdue: false, q: 'máy', limit: 5 }));
      expect(filters[1]).toMatchObject({ excludeIds: ['p-late'], q: 'máy', limit: 5 });
      expect(auditor.items.map((i) => i.beneficiary.name)).toEqual(['[sealed]', 'Hộ kinh doanh Trần Thị B']);
    });

    it('asks for no overdue work when the filter does not name it', async () => {
      await handler.execute(new ListProjects(principal('o', ['officer']), { limit: 20 }));
      expect(filters[0]).not.toHaveProperty('ids');
      expect(filters[0]).not.toHaveProperty('excludeIds');
    });
  });

  describe('GetProjectHistory', () => {
    const store = new InMemoryEventStore();
    const queries = { visibilityOf: async () => undefined } as unknown as ReadModelQueries;
    const visibility = new ProjectVisibility(queries, store, new EventSchemaRegistry(EVENT_UPCASTERS), ids, clock);
    // The guard opens the first event's data: the history shows it and keeps the stored form beside it.
    const guard = { open: async <E extends { data: unknown }>(events: readonly E[]) => events.map((e, i) => (i === 0 ? { ...e, data: { opened: true } } : e)) } as unknown as PersonalDataGuard;
    const handler = new GetProjectHistoryHandler(store, guard, visibility);
    const history = worldAt('submitted').history;

    beforeAll(async () => {
      const events = history.map((e) => ({ eventId: ids.next(), type: e.type, schemaVersion: 1, data: e.data, metadata: {} }));
      await store.appendToStreams([{ streamId: 'project-p-1', expectedVersion: 'any', events: events.slice(0, 1) }]);
      await store.appendToStreams([{ streamId: 'reminders-p-1', expectedVersion: 'any', events: [{ eventId: ids.next(), type: 'ReminderSent', schemaVersion: 1, data: {}, metadata: {} }] }]);
      await store.appendToStreams([{ streamId: 'project-p-1', expectedVersion: 'any', events: events.slice(1) }]);
    });

    it("merges the project's events with its reminders in log order, and gives the stored form where it differs", async () => {
      const found = await handler.execute(new GetProjectHistory(principal('o', ['officer']), 'p-1', 0, {}));
      expect(found?.lastVersion).toBe(history.length);
      expect(found?.history.items.map((e) => e.streamId)).toEqual(['project-p-1', 'reminders-p-1', ...history.slice(1).map(() => 'project-p-1')]);
      expect(found?.history.items[0]).toMatchObject({ data: { opened: true }, storedData: history[0]?.data });
      expect(found?.history.items[2]).not.toHaveProperty('storedData');
    });

    it('answers an unknown project and a project out of scope alike, and an empty page after the last version', async () => {
      expect(await handler.execute(new GetProjectHistory(principal('o', ['officer']), 'p-unknown', 0, {}))).toBeUndefined();
      expect(await handler.execute(new GetProjectHistory(principal('o', ['officer'], ['80999']), 'p-1', 0, {}))).toBeUndefined();
      const after = await handler.execute(new GetProjectHistory(principal('o', ['officer']), 'p-1', history.length, {}));
      expect(after?.lastVersion).toBeUndefined();
      expect(after?.history.items.map((e) => e.streamId)).toEqual(['reminders-p-1']);
    });
  });
});
