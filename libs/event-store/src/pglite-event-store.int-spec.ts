import { SqlEventStore } from './sql-event-store';
import { EVENT_STORE_MIGRATIONS } from './sql/event-store.migrations';
import { migrate } from './sql/migrations';
import { PgliteDatabase } from './sql/pglite-database';
import { eventStoreContract } from './testing/event-store.contract';

jest.setTimeout(30_000);

eventStoreContract('PGlite', async (now) => {
  const db = await PgliteDatabase.open();
  await migrate(db, EVENT_STORE_MIGRATIONS);
  const store = new SqlEventStore(db, { now });
  return { store, database: store, close: () => db.close() };
}, { sharesDatabase: true });
