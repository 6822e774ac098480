import { SqlDatabase, StoreUnavailableError } from '@app/event-store';
import { ReadRouting } from './read-routing';

/** A database that records the queries it ran, and fails them while `failing` is set. */
function fakeDatabase(name: string) {
  const ran: string[] = [];
  let failing: Error | undefined;
  const db: SqlDatabase = {
    dialect: 'postgres',
    query: async <Row>(text: string) => {
      if (failing) throw failing;
      ran.push(text);
      return { rows: [{ from: name }] as Row[], rowCount: 1 };
    },
    exec: async (script: string) => void ran.push(script),
    transaction: async (work) => work(db),
    close: async () => undefined,
  };
  return { db, ran, fail: (error: Error | undefined) => (failing = error) };
}

describe('ReadRouting', () => {
  it('sends everything to the primary without a replica', async () => {
    const primary = fakeDatabase('primary');
    const routing = new ReadRouting(primary.db);
    expect(routing.database).toBe(primary.db);
    await routing.runRead(() => routing.database.query('SELECT 1'));
    expect(primary.ran).toEqual(['SELECT 1']);
  });

  it('sends a read to the replica, and what is not a read to the primary', async () => {
    const primary = fakeDatabase('primary');
    const replica = fakeDatabase('replica');
    const routing = new ReadRouting(primary.db, replica.db);
    await routing.runRead(() => routing.database.query('SELECT read'));
    await routing.database.query('SELECT outside');
    expect(replica.ran).toEqual(['SELECT read']);
    expect(primary.ran).toEqual(['SELECT outside']);
  });

  it('sends the rest of a read to the primary once the replica is found behind, and only that read', async () => {
    const primary = fakeDatabase('primary');
    const replica = fakeDatabase('replica');
    const routing = new ReadRouting(primary.db, replica.db);
    const behind = routing.runRead(async () => {
      await routing.database.query('SELECT before');
      routing.usePrimary();
      await new Promise((r) => setImmediate(r));
      await routing.database.query('SELECT after');
    });
    const other = routing.runRead(async () => {
      await new Promise((r) => setImmediate(r));
      await routing.database.query('SELECT other');
    });
    await Promise.all([behind, other]);
    expect(replica.ran.sort()).toEqual(['SELECT before', 'SELECT other']);
    expect(primary.ran).toEqual(['SELECT after']);
  });

  it('reads from the primary when the replica cannot be reached, and passes other errors on', async () => {
    const primary = fakeDatabase('primary');
    const replica = fakeDatabase('replica');
    const routing = new ReadRouting(primary.db, replica.db);
    replica.fail(new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED', undefined));
    const rows = await routing.runRead(async () => (await routing.database.query<{ from: string }>('SELECT x')).rows);
    expect(rows).toEqual([{ from: 'primary' }]);
    replica.fail(Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' }));
    await expect(routing.runRead(() => routing.database.query('SELECT nope'))).rejects.toThrow('does not exist');
    expect(primary.ran).toEqual(['SELECT x']);
  });
});
