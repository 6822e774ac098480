import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventHash, RecordedEvent } from '@app/event-store';
import { HashInput, HashingPool, hashStoredEvent } from './hashing-pool';

describe('event hashes of recorded streams', () => {
  it('recomputes the stored hashes of recorded streams', () => {
    const golden = JSON.parse(readFileSync(join(__dirname, 'golden', 'main-to-closed.golden.json'), 'utf8')) as { streams: Record<string, RecordedEvent[]> };
    for (const event of Object.values(golden.streams).flat()) {
      expect(eventHash(event.prevHash, event)).toBe(event.hash);
    }
  });

});

describe('the hashing pool', () => {
  it('hashes in worker threads exactly as in this thread, in order', async () => {
    const golden = JSON.parse(readFileSync(join(__dirname, 'golden', 'main-to-closed.golden.json'), 'utf8')) as { streams: Record<string, RecordedEvent[]> };
    const items = Object.values(golden.streams)
      .flat()
      .map((e): HashInput => [e.prevHash, e.eventId, e.streamId, e.version, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt]);
    const pool = await HashingPool.create(2);
    expect(pool.threads).toBe(2);
    try {
      const hashes = await pool.hash(items);
      expect(hashes).toEqual(Object.values(golden.streams).flat().map((e) => e.hash));
      expect(hashes).toEqual(items.map(hashStoredEvent));
      const bad: HashInput = ['0'.repeat(64), 'e', 's', 1, 't', 1, '{"a":1e400}', '{}', '2026-01-01T00:00:00.000Z'];
      expect(await pool.hash([bad, bad, bad])).toEqual([null, null, null]);
    } finally {
      await pool.close();
    }
  });
});
