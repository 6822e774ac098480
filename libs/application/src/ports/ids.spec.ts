import { pooledRandomBytes, UuidV7Generator } from './ids';

describe('UuidV7Generator', () => {
  it('makes RFC 9562 version 7 ids that carry the millisecond', () => {
    const ids = new UuidV7Generator(() => 0x019a1b2c3d4e);
    const id = ids.next();
    expect(id).toMatch(/^019a1b2c-3d4e-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps ids increasing within one millisecond and across a backwards clock', () => {
    let now = 1_800_000_000_000;
    const ids = new UuidV7Generator(() => now);
    const made: string[] = [];
    for (let i = 0; i < 5000; i += 1) made.push(ids.next());
    now -= 5; // the wall clock stepped back
    for (let i = 0; i < 10; i += 1) made.push(ids.next());
    const sorted = [...made].sort();
    expect(sorted).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});

describe('pooledRandomBytes', () => {
  it('hands out fresh bytes of the size asked, across pool refills, never the same slice twice', () => {
    const seen = new Set<string>();
    // 4096-byte pool: 2000 × 10 bytes crosses several refills, and a partial pool tail is skipped.
    for (let i = 0; i < 2000; i += 1) {
      const bytes = pooledRandomBytes(10);
      expect(bytes).toHaveLength(10);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
    expect(pooledRandomBytes(5000)).toHaveLength(5000);
  });

  it('returns copies: changing one does not change the pool or a later result', () => {
    const a = pooledRandomBytes(8);
    const snapshot = Buffer.from(a);
    a.fill(0);
    const b = pooledRandomBytes(8);
    expect(b.equals(Buffer.alloc(8))).toBe(false);
    expect(snapshot.equals(Buffer.alloc(8))).toBe(false);
  });
});
