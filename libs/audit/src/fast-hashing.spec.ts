import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, eventHash, RecordedEvent } from '@app/event-store';
import { fastCanonicalJson, fastEventHash } from './fast-hashing';
import { HashInput, HashingPool, hashStoredEvent } from './hashing-pool';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
  const strings = ['', 'a', 'é', 'Khuyến công', '"q"', '\\', '\n\t', '\u2028', '😀', 'z'];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() > 0.5;
    case 2:
      return [0, -0, 1.5, -3, 1e21, 1e-7, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 123456789][Math.floor(next() * 9)];
    case 3:
    case 4:
      return strings[Math.floor(next() * strings.length)];
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => (next() > 0.9 ? undefined : randomValue(next, depth + 1)));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i -= 1) out[strings[Math.floor(next() * strings.length)] + String(Math.floor(next() * 20))] = next() > 0.9 ? undefined : randomValue(next, depth + 1);
      return out;
    }
  }
}

describe('fast canonical JSON', () => {
  it('writes the same bytes as canonicalJson for random values', () => {
    const next = random(42);
    const outcome = (write: (v: unknown) => string, value: unknown) => {
      try {
        return write(value);
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    let written = 0;
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(next);
      const expected = outcome(canonicalJson, value);
      expect(outcome(fastCanonicalJson, value)).toBe(expected);
      if (!expected.startsWith('error')) written += 1;
    }
    expect(written).toBeGreaterThan(3000);
  });

  it('gives the same event hashes on recorded streams', () => {
    const golden = JSON.parse(readFileSync(join(__dirname, 'golden', 'main-to-closed.golden.json'), 'utf8')) as { streams: Record<string, RecordedEvent[]> };
    for (const event of Object.values(golden.streams).flat()) {
      expect(fastEventHash(event.prevHash, event)).toBe(eventHash(event.prevHash, event));
      expect(fastEventHash(event.prevHash, event)).toBe(event.hash);
    }
  });

  it('refuses what canonicalJson refuses, with its message', () => {
    for (const bad of [{ a: Number.NaN }, { a: 2 ** 60 }, { a: 'x\u0000' }, { a: () => 1 }]) {
      expect(() => fastCanonicalJson(bad)).toThrow(/\$\.a/);
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
