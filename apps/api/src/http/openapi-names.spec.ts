import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('OpenAPI schema names', () => {
  it('are the class names of the bodies and answers, each used once in apps/api', () => {
    // The OpenAPI document names a schema after its class: two classes of one name would make
    // one schema stand for both (a body would be documented with another's fields).
    const places = new Map<string, string[]>();
    for (const path of sources(ROOT)) {
      for (const match of readFileSync(path, 'utf8').matchAll(/^export class (\w+Dto)\b/gm)) {
        const name = match[1] as string;
        places.set(name, [...(places.get(name) ?? []), relative(ROOT, path)]);
      }
    }
    expect(places.size).toBeGreaterThan(30);
    expect([...places].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
