import { appendsContract } from './appends.contract';
import { ContractContext, ContractFactory } from './contract-support';
import { idempotencyContract } from './idempotency.contract';
import { readingContract } from './reading.contract';
import { transactionContract } from './transaction.contract';

export type { ContractFactory, ContractSubject } from './contract-support';

/**
 * The behaviour every event store adapter must have. Run it from a spec file of the adapter:
 *
 * @example
 * eventStoreContract('in-memory', async (now) => ({ store: new InMemoryEventStore(now), close: async () => {} }));
 * eventStoreContract('PGlite', async (now) => { const store = …; return { store, database: store, close }; }, { sharesDatabase: true });
 */
export function eventStoreContract(name: string, factory: ContractFactory, { sharesDatabase = false } = {}): void {
  describe(`event store contract: ${name}`, () => {
    const context = { clock: new Date('2026-03-02T02:00:00.000Z') } as ContractContext;

    beforeAll(async () => {
      context.subject = await factory(() => context.clock);
      context.store = context.subject.store;
    });
    afterAll(async () => {
      await context.subject?.close();
    });

    appendsContract(context);
    idempotencyContract(context);
    readingContract(context);
    transactionContract(context, sharesDatabase);
  });
}
