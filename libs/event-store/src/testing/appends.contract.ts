import { InvalidAppendError, WrongExpectedVersionError } from '../errors';
import { EventStore, RecordedEvent } from '../event-store.port';
import { eventHash, firstBrokenLink, GENESIS_HASH } from '../hash-chain';
import { ContractContext, event, rejection, uniqueStream } from './contract-support';

/** The contract on appends: versions, the hash chain, atomic multi-stream appends, retries. */
export function appendsContract(context: ContractContext): void {
  describe('appending', () => {
    let store: EventStore;
    beforeAll(() => {
      store = context.store;
    });

    it('creates a stream at version 1 with a chained hash', async () => {
      const streamId = uniqueStream();
      const first = event('Created', { title: 'Dây chuyền kẹo khóm', amountVnd: 150_000_000 });
      const result = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [first] }]);
      expect(result.streams).toEqual([{ streamId, version: 1, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      const [stored] = await store.readStream(streamId);
      expect(stored).toMatchObject({ eventId: first.eventId, streamId, version: 1, type: 'Created', data: first.data, prevHash: GENESIS_HASH });
      expect(stored?.position).toBe(result.position);
      expect(stored?.hash).toBe(eventHash(GENESIS_HASH, stored as RecordedEvent));
    });

    it('refuses a second create of the same stream and writes nothing', async () => {
      const streamId = uniqueStream();
      await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]);
      const error = await rejection(store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId, actual: 1 });
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('refuses a stale expected version and accepts the matching one', async () => {
      const streamId = uniqueStream();
      await store.appendToStreams([{ streamId, expectedVersion: 0, events: [event(), event()] }]);
      const stale = await rejection(store.appendToStreams([{ streamId, expectedVersion: 1, events: [event()] }]));
      expect(stale).toBeInstanceOf(WrongExpectedVersionError);
      expect(stale).toMatchObject({ expected: 1, actual: 2 });
      const ahead = await rejection(store.appendToStreams([{ streamId, expectedVersion: 5, events: [event()] }]));
      expect(ahead).toMatchObject({ expected: 5, actual: 2 });
      const ok = await store.appendToStreams([{ streamId, expectedVersion: 2, events: [event()] }]);
      expect(ok.streams[0]?.version).toBe(3);
      const events = await store.readStream(streamId);
      expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(firstBrokenLink(events)).toBeUndefined();
    });

    it('appends at the head with expected version any', async () => {
      const streamId = uniqueStream();
      await store.appendToStreams([{ streamId, expectedVersion: 'any', events: [event()] }]);
      const result = await store.appendToStreams([{ streamId, expectedVersion: 'any', events: [event()] }]);
      expect(result.streams[0]?.version).toBe(2);
      expect(firstBrokenLink(await store.readStream(streamId))).toBeUndefined();
    });

    it('refuses empty batches', async () => {
      await expect(store.appendToStreams([])).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(store.appendToStreams([{ streamId: uniqueStream(), expectedVersion: 'no_stream', events: [] }])).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('refuses payloads without a stable JSON form and writes nothing', async () => {
      const streamId = uniqueStream();
      await expect(
        store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('Bad', { amount: Number.NaN })] }]),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await store.readStream(streamId)).toEqual([]);
    });

    it('lets exactly one of 20 parallel appends at the same expected version win', async () => {
      const streamId = uniqueStream();
      await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.appendToStreams([{ streamId, expectedVersion: 1, events: [event('Raced', { i })] }])),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      const events = await store.readStream(streamId);
      expect(events.map((e) => e.version)).toEqual([1, 2]);
      expect(firstBrokenLink(events)).toBeUndefined();
    });

    it('appends to several streams atomically', async () => {
      const a = uniqueStream('project');
      const b = uniqueStream('programme');
      await store.appendToStreams([{ streamId: b, expectedVersion: 'no_stream', events: [event('ProgrammeCreated')] }]);
      const result = await store.appendToStreams([
        { streamId: a, expectedVersion: 'no_stream', events: [event('Approved')] },
        { streamId: b, expectedVersion: 1, events: [event('FundsReserved')] },
      ]);
      expect(result.streams.map((s) => [s.streamId, s.version])).toEqual([
        [a, 1],
        [b, 2],
      ]);
      const [ea] = await store.readStream(a);
      const eb = await store.readStream(b);
      expect(eb[1]?.position).toBe(result.position);
      expect(ea?.transactionId).toBe(eb[1]?.transactionId);
    });

    it('writes nothing to any stream when one stream of a multi-stream append conflicts', async () => {
      const a = uniqueStream('project');
      const b = uniqueStream('programme');
      await store.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event()] }]);
      await store.appendToStreams([{ streamId: b, expectedVersion: 'no_stream', events: [event(), event()] }]);
      const error = await rejection(
        store.appendToStreams([
          { streamId: a, expectedVersion: 1, events: [event('Approved')] },
          { streamId: b, expectedVersion: 1, events: [event('FundsReserved')] },
        ]),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: b, actual: 2 });
      expect(await store.readStream(a)).toHaveLength(1);
      expect(await store.readStream(b)).toHaveLength(2);
    });

    it('writes a retried append with the same event ids once and answers as the first time', async () => {
      const streamId = uniqueStream();
      const events = [event('A'), event('B')];
      const first = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events }]);
      const again = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events }]);
      expect(again).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('refuses event ids reused in another stream', async () => {
      const reused = event();
      await store.appendToStreams([{ streamId: uniqueStream(), expectedVersion: 'no_stream', events: [reused] }]);
      const other = uniqueStream();
      await expect(store.appendToStreams([{ streamId: other, expectedVersion: 'no_stream', events: [reused] }])).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      expect(await store.readStream(other)).toEqual([]);
    });
  });
}
