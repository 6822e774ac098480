import { canonicalJson, writeCanonicalWithPaths } from './canonical-json';

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

describe('canonical JSON', () => {
  it('writes the same bytes as the reference writer for random values', () => {
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
      const expected = outcome(writeCanonicalWithPaths, value);
      expect(outcome(canonicalJson, value)).toBe(expected);
      if (!expected.startsWith('error')) written += 1;
    }
    expect(written).toBeGreaterThan(3000);
  });

  it('refuses what the reference writer refuses, naming the member', () => {
    for (const bad of [{ a: Number.NaN }, { a: 2 ** 60 }, { a: 'x\u0000' }, { a: () => 1 }]) {
      expect(() => canonicalJson(bad)).toThrow(/\$\.a/);
    }
  });
});
