import { InMemoryEventStore } from './in-memory-event-store';
import { eventStoreContract } from './testing/event-store.contract';

eventStoreContract('in-memory', async (now) => ({ store: new InMemoryEventStore(now), close: async () => undefined }));
