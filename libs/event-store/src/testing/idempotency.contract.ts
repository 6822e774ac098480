import { randomUUID } from 'node:crypto';
import { IdempotencyKeyInUseError, WrongExpectedVersionError } from '../errors';
import { EventStore } from '../event-store.port';
import { ContractContext, event, uniqueStream } from './contract-support';

/** The contract on idempotency records: kept with the append, refused when reused, purged. */
export function idempotencyContract(context: ContractContext): void {
  describe('idempotency records', () => {
    let store: EventStore;
    beforeAll(() => {
      store = context.store;
    });

    it('stores the answer with the append, and not when the append is refused', async () => {
      const streamId = uniqueStream();
      const key = `key-${randomUUID()}`;
      const answer = { result: 'created' as const, body: { id: streamId, version: 1 } };
      const result = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }], {
        idempotency: { key, fingerprint: 'f1', ...answer },
      });
      expect(await store.findIdempotencyRecord(key)).toMatchObject({ key, fingerprint: 'f1', ...answer, position: result.position });

      const refusedKey = `key-${randomUUID()}`;
      await expect(
        store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }], {
          idempotency: { key: refusedKey, fingerprint: 'f2', ...answer },
        }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.findIdempotencyRecord(refusedKey)).toBeUndefined();
    });

    it('refuses a key already used and writes nothing', async () => {
      const key = `key-${randomUUID()}`;
      const first = uniqueStream();
      await store.appendToStreams([{ streamId: first, expectedVersion: 'no_stream', events: [event()] }], {
        idempotency: { key, fingerprint: 'f', result: 'created', body: {} },
      });
      const second = uniqueStream();
      await expect(
        store.appendToStreams([{ streamId: second, expectedVersion: 'no_stream', events: [event()] }], {
          idempotency: { key, fingerprint: 'f', result: 'created', body: {} },
        }),
      ).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
      expect(await store.readStream(second)).toEqual([]);
    });

    it('saves answers of commands that appended nothing, and purges old records', async () => {
      const key = `key-${randomUUID()}`;
      await store.saveIdempotencyRecord({ key, fingerprint: 'f', result: 'updated', body: { ok: true } });
      expect(await store.findIdempotencyRecord(key)).toMatchObject({ result: 'updated', body: { ok: true } });
      context.clock = new Date(context.clock.getTime() + 1000);
      const removed = await store.purgeIdempotencyRecords(new Date(context.clock.getTime() + 1).toISOString());
      expect(removed).toBeGreaterThanOrEqual(1);
      expect(await store.findIdempotencyRecord(key)).toBeUndefined();
    });
  });
}
