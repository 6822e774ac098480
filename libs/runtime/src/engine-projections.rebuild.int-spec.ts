import { CommandContext, CommandExecutor, PolicyCatalog, ProgrammeCommandInput, ProgrammeCommands, ProjectCommandInput, ProjectCommands, UuidV7Generator } from '@app/application';
import { GOLDEN_PATHS } from '@app/audit/testing/golden-recorder';
import { Actor, EVENT_UPCASTERS, REMINDER_EVENT_SCHEMA_VERSIONS, ReminderEvent } from '@app/domain';
import { actors, beneficiary, cmd, T } from '@app/domain/testing/domain-fixtures';
import { compareCursors, DatabaseEventStore, EventSchemaRegistry, LOG_START, migrate, quoteIdent } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { ProjectionManager } from '@app/projections';
import { DeadlineWorkflow, vnBusinessCalendar } from '@app/reminders';
import { createTestSchema, TestSchema } from '@app/testing';
import { ENGINE_MIGRATIONS } from './engine-migrations';
import { ALL_PROJECTIONS } from './engine-projections';

/*
 * Every read model the engine registers, built from a realistic log (two programmes, projects
 * along every recorded lifecycle path, the reminders the deadline workflow decided and the
 * firing side's delivery facts), then rebuilt blue/green twice the way `cli rebuild` does: each
 * rebuild must give the same rows, every column included.
 */

const programme = (programmeId: string, code: string, budgetVnd: number): ProgrammeCommandInput => ({
  type: 'CreateProgramme',
  programmeId,
  code,
  name: `Khuyến công địa phương ${code}`,
  year: 2026,
  fundingSource: 'local',
  province: '80',
  budgetVnd,
  policyId: 'vn-longan-local-2022',
  registrationOpensOn: '2026-01-05',
  registrationClosesOn: '2026-05-20',
});

const mainPath = GOLDEN_PATHS['main-to-closed']?.steps ?? [];
const upTo = (type: string, offset: number) => mainPath.slice(0, mainPath.findIndex(([, , input]) => input.type === type) + offset);

/** Every recorded lifecycle path, and two projects still under way (their reminders stay open). */
const HISTORIES = [
  ...Object.entries(GOLDEN_PATHS).map(([path, { steps }]) => [path, steps] as const),
  ['in-appraisal', upTo('OpenAppraisal', 1)] as const,
  ['in-implementation', upTo('RequestAmendment', 0)] as const,
];

/**
 * Runs `step` until it reports the log's head processed. A subscription reads only below the
 * oldest transaction still open on the server, so one pass may stop short while others run.
 */
async function toHead(step: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; !(await step()); attempt += 1) {
    if (attempt >= 200) throw new Error('the log’s head was not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The rows of every table of a read model, all columns, in a fixed order. */
async function snapshot(test: TestSchema, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = (await test.db.query(`SELECT * FROM ${quoteIdent(table)} AS r ORDER BY r::text`)).rows;
  return rows;
}

describe('the engine’s read models, rebuilt (PostgreSQL)', () => {
  let test: TestSchema;
  let store: DatabaseEventStore;
  let manager: ProjectionManager;

  /** Every live read model has processed the log up to its head (what `cli rebuild` waits for). */
  async function projectAll(): Promise<void> {
    const head = await store.headCursor();
    await toHead(async () => {
      await manager.catchUp();
      return manager.waitForPosition(head.position, 0);
    });
  }

  beforeAll(async () => {
    test = await createTestSchema('rebuild');
    await migrate(test.db, ENGINE_MIGRATIONS);
    store = databaseEventStore(test.db);
    const ids = new UuidV7Generator();
    const executor = new CommandExecutor(store, ids, new EventSchemaRegistry(EVENT_UPCASTERS));
    const policies = new PolicyCatalog();
    const programmes = new ProgrammeCommands(executor, policies);
    const projects = new ProjectCommands(executor, policies);
    const context = (actor: Actor, occurredAt: string): CommandContext => ({ actor, commandId: ids.next(), correlationId: ids.next(), occurredAt });

    await programmes.execute(programme('la-2026', 'KCDP-LA-2026', 1_000_000_000), context(actors.admin, '2026-01-02T09:00:00+07:00'));
    await programmes.execute(programme('la-2026-b', 'KCDP-LA-2026-B', 600_000_000), context(actors.admin, '2026-01-03T09:00:00+07:00'));
    await programmes.execute({ type: 'AdjustProgrammeBudget', programmeId: 'la-2026-b', deltaVnd: -100_000_000, reason: 'Điều chỉnh dự toán', decisionNo: '12/QĐ-UBND' }, context(actors.admin, '2026-02-01T09:00:00+07:00'));
    for (const programmeId of ['la-2026', 'la-2026-b']) {
      for (const [path, steps] of HISTORIES) {
        const projectId = `${programmeId}-${path}`;
        const { actor, at, ...create } = cmd.create({ projectId, programmeId, beneficiary: { ...beneficiary, commune: '27694' } });
        await projects.execute(create, context(actor, at));
        for (const [occurredAt, who, input] of steps) {
          // Payment order numbers are unique across the log: each project gets its own.
          const order = 'paymentOrderNo' in input ? { paymentOrderNo: `${input.paymentOrderNo}/${projectId}` } : {};
          await projects.execute({ ...input, ...order, projectId } as ProjectCommandInput, context(who, occurredAt));
        }
      }
    }
    const { actor, at, ...draft } = cmd.create({ projectId: 'la-2026-draft', programmeId: 'la-2026', title: 'Lò sấy chuối' });
    await projects.execute(draft, context(actor, at));

    // The reminders the deadline workflow decides from those histories, then what the firing side records.
    const workflow = new DeadlineWorkflow(store, test.db, vnBusinessCalendar);
    await workflow.runner.init();
    const head = await store.headCursor();
    await toHead(async () => compareCursors((await workflow.runner.catchUp()) ?? LOG_START, head) >= 0);
    manager = new ProjectionManager(store, test.db, ALL_PROJECTIONS, { batchSize: 50 });
    await manager.setUp();
    await projectAll();
    const open = await test.db.query<{ id: string; project_id: string }>("SELECT id, project_id FROM reminders WHERE status = 'open' ORDER BY id LIMIT 3");
    expect(open.rows).toHaveLength(3);
    const [sent, escalated, failed] = open.rows.map((r) => ({ reminderId: r.id, projectId: r.project_id }));
    const facts = (r: { projectId: string }, events: ReminderEvent[]) =>
      store.appendToStreams([
        {
          streamId: `reminders-${r.projectId}`,
          expectedVersion: 'any',
          events: events.map((e) => ({ eventId: ids.next(), type: e.type, schemaVersion: REMINDER_EVENT_SCHEMA_VERSIONS[e.type], data: e.data, metadata: { actor: { id: 'reminders', roles: ['system'] } } })),
        },
      ]);
    await facts(sent, [{ type: 'ReminderSent', data: { ...sent, channel: 'inbox', at: T.submitted, recipients: [actors.officer.id] } }]);
    await facts(escalated, [
      { type: 'ReminderSent', data: { ...escalated, channel: 'webhook', at: T.submitted, recipients: [actors.officer.id] } },
      { type: 'ReminderEscalated', data: { ...escalated, to: [actors.approver.id], at: T.appraisalOpened } },
    ]);
    await facts(failed, [{ type: 'ReminderDeliveryFailed', data: { ...failed, channel: 'email', error: 'SMTP 451', attempt: 1, at: T.submitted } }]);
    await projectAll();
  });
  afterAll(async () => {
    await manager?.stop();
    await test.drop();
  });

  it('covers every registered read model with rows in many states', async () => {
    const statuses = async (table: string) =>
      (await test.db.query<{ status: string }>(`SELECT DISTINCT status FROM ${quoteIdent(table)} ORDER BY status`)).rows.map((r) => r.status);
    expect(ALL_PROJECTIONS.map((p) => p.name).sort()).toEqual(['programmes', 'projects', 'reminders']);
    expect(await statuses('projects')).toEqual(['closed', 'draft', 'in_appraisal', 'in_implementation', 'rejected', 'terminated', 'withdrawn']);
    expect(await statuses('reminders')).toEqual(expect.arrayContaining(['cancelled', 'done', 'escalated', 'open', 'sent']));
    const budgets = await test.db.query<{ released_vnd: string }>('SELECT id, total_vnd, reserved_vnd, released_vnd FROM programmes ORDER BY id');
    expect(budgets.rows).toEqual([
      { id: 'la-2026', total_vnd: '1000000000', reserved_vnd: expect.any(String), released_vnd: expect.any(String) },
      { id: 'la-2026-b', total_vnd: '500000000', reserved_vnd: expect.any(String), released_vnd: expect.any(String) },
    ]);
    expect(budgets.rows.every((r) => Number(r.released_vnd) > 0)).toBe(true);
  });

  it.each(ALL_PROJECTIONS.map((p) => [p.name, p.tables] as const))('%s: a rebuild gives the same rows, and a second rebuild again', async (name, tables) => {
    const live = await snapshot(test, tables);
    for (const table of tables) expect(live[table]?.length).toBeGreaterThan(0);
    let previous = (await manager.status()).find((s) => s.name === name && s.status === 'live')?.generation ?? 0;
    for (let round = 1; round <= 2; round += 1) {
      const generation = await manager.rebuild(name);
      await projectAll();
      expect(generation).toBeGreaterThan(previous);
      expect((await manager.status()).filter((s) => s.name === name)).toEqual([expect.objectContaining({ generation, status: 'live', lag: 0 })]);
      expect(await snapshot(test, tables)).toEqual(live);
      previous = generation;
    }
  });
});
