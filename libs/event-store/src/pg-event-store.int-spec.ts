import { createTestSchema } from '@app/testing';
import { SqlEventStore } from './sql-event-store';
import { EVENT_STORE_MIGRATIONS } from './sql/event-store.migrations';
import { migrate } from './sql/migrations';
import { eventStoreContract } from './testing/event-store.contract';

eventStoreContract('PostgreSQL', async (now) => {
  const test = await createTestSchema('es');
  await migrate(test.db, EVENT_STORE_MIGRATIONS);
  const store = new SqlEventStore(test.db, { now });
  return { store, database: store, close: () => test.drop() };
}, { sharesDatabase: true });
