import { randomBytes } from 'node:crypto';
import { AggregateType, CommandContext, CommandExecutor, UuidV7Generator } from '@app/application';
import { DomainEvent } from '@app/domain';
import { DatabaseEventStore, migrate, SqlDatabase, SqlExecutor } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { ERASED, KeyEncryption, PersonalDataGuard, SubjectKeys, subjectOf } from '@app/privacy';
import { testSqlDatabases } from '@app/testing';
import { ENGINE_MIGRATIONS } from './engine-migrations';

jest.setTimeout(60_000);

const CONTACT = 'Nguyễn Thị Hoa';
const PHONE = '0912345678';
const BENEFICIARY = { name: 'Công ty TNHH Kẹo Bến Lức', kind: 'company', contact: { name: CONTACT, phone: PHONE } };

interface Draft {
  readonly status: string;
  readonly proposal?: { readonly beneficiary: typeof BENEFICIARY };
}

/** A project as far as sealing goes: a draft with a contact person, submitted with its proposal. */
const project: AggregateType<Draft> = {
  name: 'project',
  initialState: { status: 'none' },
  evolve: (state, event: DomainEvent) => {
    const data = event.data as { beneficiary?: typeof BENEFICIARY; proposal?: Draft['proposal'] };
    if (event.type === 'Drafted') return { status: 'draft', proposal: { beneficiary: data.beneficiary ?? BENEFICIARY } };
    if (event.type === 'Submitted') return { status: 'submitted', proposal: data.proposal };
    return state;
  },
  status: (state) => state.status,
};

/** The database with every statement's text noted, also those of its transactions. */
function counted(db: SqlDatabase, seen: string[]): SqlDatabase {
  const note = (sql: SqlExecutor): SqlExecutor => ({
    query<Row>(text: string, params?: readonly unknown[], name?: string) {
      seen.push(text);
      return sql.query<Row>(text, params, name);
    },
    exec(script: string) {
      seen.push(script);
      return sql.exec(script);
    },
  });
  return { dialect: db.dialect, ...note(db), transaction: (work) => db.transaction((tx) => work(note(tx))), close: () => db.close() };
}

const ADAPTERS = testSqlDatabases('cmdkeys');

describe.each(ADAPTERS)('subject keys per command on $name', (adapter) => {
  let raw: SqlDatabase;
  let close: () => Promise<void>;
  const seen: string[] = [];
  let db: SqlDatabase;
  let store: DatabaseEventStore;
  let keys: SubjectKeys;
  let executor: CommandExecutor;

  beforeAll(async () => {
    ({ db: raw, close } = await adapter.open());
    await migrate(raw, ENGINE_MIGRATIONS);
    db = counted(raw, seen);
    store = databaseEventStore(db);
    keys = new SubjectKeys(new KeyEncryption(randomBytes(32)));
    executor = new CommandExecutor(store, new UuidV7Generator(), undefined, { guard: new PersonalDataGuard(db, keys) });
  });
  afterAll(() => close?.());

  const context = (): CommandContext => ({
    actor: { id: 'officer-1', roles: ['officer'] },
    commandId: `cmd-${randomBytes(4).toString('hex')}`,
    correlationId: 'corr-1',
    occurredAt: '2026-03-01T00:00:00.000Z',
  });
  /** Statements that touched the subject keys since `from`. */
  const keyStatements = (from: number) => seen.slice(from).filter((text) => text.includes('data_subject_keys'));

  const create = (id: string, on: Parameters<CommandExecutor['execute']>[0]['store'] = undefined) =>
    executor.execute({
      ...(on ? { store: on } : {}),
      primary: { id, streamId: `project-${id}`, aggregate: project },
      context: context(),
      result: 'created',
      decide: async (load) => {
        await load(`project-${id}`, project);
        return { appends: [{ streamId: `project-${id}`, events: [{ type: 'Drafted', data: { beneficiary: BENEFICIARY } }] }] };
      },
    });
  const submit = (id: string, on: Parameters<CommandExecutor['execute']>[0]['store'] = undefined) =>
    executor.execute({
      ...(on ? { store: on } : {}),
      primary: { id, streamId: `project-${id}`, aggregate: project },
      context: context(),
      decide: async (load) => {
        const { state } = await load(`project-${id}`, project);
        return { appends: [{ streamId: `project-${id}`, events: [{ type: 'Submitted', data: { proposal: state.proposal } }] }] };
      },
    });
  const storedContact = async (id: string, type: string) => {
    const event = (await store.readStream(`project-${id}`)).find((e) => e.type === type);
    const data = event?.data as { beneficiary?: typeof BENEFICIARY; proposal?: Draft['proposal'] };
    return (data.beneficiary ?? data.proposal?.beneficiary)?.contact.name;
  };

  it('makes the key of a new subject with one statement and seals the create with it', async () => {
    const from = seen.length;
    await create('p1');
    expect(keyStatements(from)).toHaveLength(1);
    expect(keyStatements(from)[0]).toMatch(/INSERT INTO data_subject_keys/);
    const sealed = await storedContact('p1', 'Drafted');
    expect(subjectOf(sealed ?? '')).toBe('project_p1');
    expect((await new PersonalDataGuard(raw, keys).open(await store.readStream('project-p1')))[0]?.data).toMatchObject({ beneficiary: { contact: { name: CONTACT, phone: PHONE } } });
  });

  it('reads the key once for a command that opens the stream and seals new events', async () => {
    await create('p2');
    const from = seen.length;
    await submit('p2');
    expect(keyStatements(from)).toHaveLength(1);
    expect(keyStatements(from)[0]).toMatch(/^SELECT subject_id, key FROM data_subject_keys/);
    expect(subjectOf((await storedContact('p2', 'Submitted')) ?? '')).toBe('project_p2');
    const opened = await new PersonalDataGuard(raw, keys).open(await store.readStream('project-p2'));
    expect(opened[1]?.data).toEqual({ proposal: { beneficiary: BENEFICIARY } });
  });

  it('makes or reads the key once inside the transaction a command is given', async () => {
    const from = seen.length;
    await store.transaction((tx) => create('p3', tx));
    await store.transaction((tx) => submit('p3', tx));
    expect(keyStatements(from)).toHaveLength(2);
    expect(await storedContact('p3', 'Submitted')).not.toBe(CONTACT);
  });

  it('keeps no key from one command to the next: a key destroyed in between seals and opens as erased', async () => {
    await create('p4');
    await raw.transaction((tx) => keys.destroy(tx, 'project_p4'));
    const from = seen.length;
    await submit('p4');
    expect(keyStatements(from)).toHaveLength(1);
    expect(await storedContact('p4', 'Submitted')).toBe(ERASED);
  });
});
