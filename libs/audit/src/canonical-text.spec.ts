import { writeCanonicalValue } from '@app/event-store';
import { canonicalJsonText } from './canonical-text';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const STRINGS = ['', 'a', 'é', 'Khuyến công', '"q"', '\\', '\n\t', '\u2028', '😀', 'z', 'a b', '!', '\u001f', '/'];

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() > 0.5;
    case 2:
      return [0, -0, 1.5, -3, 1e21, 1e-7, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 123456789, 7.95, -0.5][Math.floor(next() * 11)];
    case 3:
    case 4:
      return STRINGS[Math.floor(next() * STRINGS.length)];
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i -= 1) out[(STRINGS[Math.floor(next() * STRINGS.length)] as string) + String(Math.floor(next() * 20))] = randomValue(next, depth + 1);
      return out;
    }
  }
}

/** The text PostgreSQL prints for `jsonb`: keys by length then bytes, `", "` and `": "`. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** What the parsing path gives: the canonical text, or undefined where it fails. */
function parsed(text: string): string | undefined {
  try {
    return writeCanonicalValue(JSON.parse(text));
  } catch {
    return undefined;
  }
}

describe('canonical JSON from JSON text', () => {
  it('writes what parsing and writing the value writes, for random values in several layouts', () => {
    const next = random(7);
    let written = 0;
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(next);
      for (const text of [jsonbText(value), JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        const fast = canonicalJsonText(text);
        // It may decline (the caller then parses), but never writes other bytes.
        if (fast !== undefined) expect(fast).toBe(parsed(text));
        if (fast !== undefined) written += 1;
      }
    }
    expect(written).toBeGreaterThan(12000);
  });

  it('re-writes numbers not in their shortest form and copies strings', () => {
    expect(canonicalJsonText('{"b": [1, 2.50, -0, 1E-7, 12.5e1, 0.30000000000000004], "a": "Cơ sở \\"x\\""}')).toBe(
      '{"a":"Cơ sở \\"x\\"","b":[1,2.5,0,1e-7,125,0.30000000000000004]}',
    );
    expect(canonicalJsonText('"\\u0041\\/"')).toBe('"A/"');
    expect(canonicalJsonText('{"weightedScore": 7.95, "at": "2026-03-14T02:00:00.000Z", "fit": 9}')).toBe('{"at":"2026-03-14T02:00:00.000Z","fit":9,"weightedScore":7.95}');
    expect(canonicalJsonText(' {"é": 1, "z": 2, "a b": 3, "a": 4} ')).toBe('{"a":4,"a b":3,"z":2,"é":1}');
  });

  it('declines what it cannot write for sure and what has no canonical form', () => {
    for (const text of ['{"a": 1, "a": 2}', '"\\u0000"', '{"\\u0000": 1}', '9007199254740993', '1e21', '1e400', '{"a": 1', '[1,]', '01', '1.', '+1', 'tru', '{} x', '']) {
      expect(canonicalJsonText(text)).toBeUndefined();
    }
    // A key with an escape is decoded, so it sorts by its value.
    expect(canonicalJsonText('{"\\u0062": 1, "a": 2}')).toBe('{"a":2,"b":1}');
  });
});
