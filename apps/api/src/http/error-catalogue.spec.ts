import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CATALOGUE, ErrorKind, errorMessage, isErrorCode, renderErrorMessage } from '@app/domain';
import { KIND_STATUS } from './error-status';

const ROOT = join(__dirname, '../../../..');
const CATALOGUE = 'libs/domain/src/shared/error-catalogue.ts';

function sources(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const isSource = (name: string) => /\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name);
const files = ['libs', 'apps/api/src', 'apps/worker', 'apps/cli']
  .flatMap((dir) => sources(join(ROOT, dir), isSource))
  .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }))
  .filter((file) => file.path !== CATALOGUE);

const all = (pattern: RegExp, text: string) => [...text.matchAll(pattern)];

/**
 * Every literal that is an error code: dotted upper case, or (at the edge, whose `NOT_FOUND` and
 * `INTERNAL` have no dot; below it a bare `code` is a Node error such as `ENOTFOUND`) a bare code
 * where a code is given.
 */
function codesIn(text: string, path: string): string[] {
  return [
    ...all(/'([A-Z][A-Z_]*(?:\.[A-Z][A-Z_]*)+)'/g, text).map((m) => m[1]),
    ...(path.startsWith('apps/api/') ? all(/\bcode: '([A-Z][A-Z_]*)'/g, text).map((m) => m[1]) : []),
    ...all(/\bproblem\(\d{3}, '([A-Z][A-Z_]*)'/g, text).map((m) => m[1]),
    ...all(/^\s*\d{3}: '([A-Z][A-Z_.]*)'/gm, text).map((m) => m[1]),
  ].filter((code): code is string => code !== undefined);
}

const STATUS_KIND = new Map<number, ErrorKind>(Object.entries(KIND_STATUS).map(([kind, status]) => [status, kind as ErrorKind]));

/** Each place a code is thrown together with its kind (or the status the edge gives it). */
function thrownWithKind(text: string): { code: string; kind: string | undefined }[] {
  const pairs = (pattern: RegExp, kindAt: number, codeAt: number, asKind: (raw: string) => string | undefined = (raw) => raw) =>
    all(pattern, text).map((m) => ({ code: m[codeAt] ?? '', kind: asKind(m[kindAt] ?? '') }));
  const byStatus = (raw: string) => STATUS_KIND.get(Number(raw)) ?? `status ${raw}`;
  return [
    ...pairs(/new DomainError\(\s*'(\w+)',\s*'([A-Z_.]+)'/g, 1, 2),
    ...pairs(/new WebhookRequestError\(\s*'(\w+)',\s*'([A-Z_.]+)'/g, 1, 2),
    ...pairs(/readonly code = '([A-Z_.]+)';\s*readonly kind = '(\w+)'/g, 2, 1),
    ...pairs(/new (ForbiddenError)\(\s*'([A-Z_.]+)'/g, 1, 2, () => 'forbidden'),
    ...pairs(/new (NotFoundError)\(\s*'([A-Z_.]+)'/g, 1, 2, () => 'not_found'),
    ...pairs(/new (UnprocessableError)\(\s*'([A-Z_.]+)'/g, 1, 2, () => 'invalid'),
    ...pairs(/status: (\d{3}),\s*code: '([A-Z_.]+)'/g, 1, 2, byStatus),
    ...pairs(/\bproblem\((\d{3}), '([A-Z_.]+)'/g, 1, 2, byStatus),
    ...pairs(/^\s*(\d{3}): '([A-Z_.]+)'/gm, 1, 2, byStatus),
  ];
}

describe('the error catalogue', () => {
  it('lists every code the sources give', () => {
    const missing = files.flatMap((file) => codesIn(file.text, file.path).filter((code) => !isErrorCode(code)).map((code) => `${file.path}: ${code}`));
    expect(missing).toEqual([]);
  });

  it('has no entry the sources never give', () => {
    const used = new Set(files.flatMap((file) => codesIn(file.text, file.path)));
    expect(Object.keys(ERROR_CATALOGUE).filter((code) => !used.has(code))).toEqual([]);
  });

  it('gives each code the kind it is thrown with, and the edge the status of that kind', () => {
    const pairs = files.flatMap((file) => thrownWithKind(file.text).map((pair) => ({ ...pair, at: file.path })));
    // The patterns find the throw sites (well over a hundred), so an empty list below means something.
    expect(pairs.length).toBeGreaterThan(150);
    const wrong = pairs
      .filter(({ code, kind }) => !isErrorCode(code) || ERROR_CATALOGUE[code].kind !== kind)
      .map(({ code, kind, at }) => `${at}: ${code} thrown as ${kind}, catalogued as ${isErrorCode(code) ? ERROR_CATALOGUE[code].kind : 'nothing'}`);
    expect(wrong).toEqual([]);
  });

  it('builds no code at run time: codes are literals the catalogue can be checked against', () => {
    // `HTTP.<status>` names a framework error of a status the engine gives no code of its own.
    const allowed = ['apps/api/src/http/problem-details.filter.ts: `HTTP.${'];
    const built = files.flatMap((file) =>
      all(/`[A-Z][A-Z_]*\.\$\{|\$\{[^}]*\}\.[A-Z][A-Z_]+`/g, file.text).map((m) => `${file.path}: ${m[0]}`),
    );
    expect(built.filter((site) => !allowed.includes(site))).toEqual([]);
  });

  it('keeps every code the console has a message or a field for', () => {
    const console = ['apps/console/src/i18n/en.ts', 'apps/console/src/i18n/vi.ts', 'apps/console/src/domain/problem-fields.ts'].map((path) =>
      readFileSync(join(ROOT, path), 'utf8'),
    );
    const known = console.flatMap((text) => [
      ...all(/'problem\.([A-Z][A-Z_.]*)'/g, text).map((m) => m[1] ?? ''),
      ...all(/^\s*'([A-Z][A-Z_]*\.[A-Z][A-Z_.]*)': \[/gm, text).map((m) => m[1] ?? ''),
    ]);
    expect(known.length).toBeGreaterThan(100);
    expect(known.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('has an English message for every code and a kind the edge maps', () => {
    const entries = Object.entries(ERROR_CATALOGUE);
    expect(entries.filter(([, entry]) => entry.en.trim() === '' || KIND_STATUS[entry.kind] === undefined).map(([code]) => code)).toEqual([]);
  });

  it('has a Vietnamese message for every code, with no placeholder the English one lacks', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    const entries = Object.entries(ERROR_CATALOGUE);
    expect(entries.length).toBeGreaterThan(150);
    expect(entries.filter(([, entry]) => entry.vi.trim() === '' || (entry.vi as string) === entry.en).map(([code]) => code)).toEqual([]);
    const extra = entries.flatMap(([code, entry]) => placeholders(entry.vi).filter((name) => !placeholders(entry.en).includes(name)).map((name) => `${code}: {${name}}`));
    expect(extra).toEqual([]);
  });

  it('keeps every Vietnamese placeholder in a segment that is left out without its value', () => {
    const bare = Object.entries(ERROR_CATALOGUE).filter(([, entry]) => /\{\w+\}/.test(entry.vi.replace(/\[[^\]]*\]/g, '')));
    expect(bare.map(([code]) => code)).toEqual([]);
    const unrendered = Object.keys(ERROR_CATALOGUE)
      .filter(isErrorCode)
      .map((code) => ({ code, text: errorMessage(code, 'vi') }))
      .filter(({ text }) => /[{}[\]]|\s[.,:;)]|\(\)|\s{2}/.test(text));
    expect(unrendered).toEqual([]);
  });

  it('uses the programme’s terms in Vietnamese: “ủy nhiệm chi”, never “lệnh chi”', () => {
    expect(Object.entries(ERROR_CATALOGUE).filter(([, entry]) => /lệnh chi/i.test(entry.vi)).map(([code]) => code)).toEqual([]);
    expect(ERROR_CATALOGUE['TRANCHE.PAYMENT_ORDER_DUPLICATE'].vi).toContain('ủy nhiệm chi');
  });
});

describe('a catalogue message rendered with details', () => {
  it('fills placeholders, groups numbers the language’s way and joins lists', () => {
    expect(errorMessage('FUNDING.BUDGET_EXCEEDED', 'vi', { availableVnd: 150_000_000 })).toBe('Ngân sách chương trình không đủ (còn 150.000.000).');
    expect(errorMessage('DOSSIER.INCOMPLETE', 'vi', { step: 'submit', missing: ['a', 'b'] })).toBe('Hồ sơ còn thiếu tài liệu bắt buộc trước bước submit: a, b.');
    expect(renderErrorMessage('at most {maxVnd}', { maxVnd: -1234567 }, 'en')).toBe('at most -1,234,567');
  });

  it('leaves out a segment whose placeholder has no value, and reads well without it', () => {
    expect(errorMessage('FUNDING.BUDGET_EXCEEDED', 'vi')).toBe('Ngân sách chương trình không đủ.');
    expect(errorMessage('DOSSIER.INCOMPLETE', 'vi', { missing: ['a'] })).toBe('Hồ sơ còn thiếu tài liệu bắt buộc: a.');
    expect(errorMessage('COMMAND.FIELD_REQUIRED', 'vi', { field: { nested: true } })).toBe('Thiếu thông tin bắt buộc.');
    expect(renderErrorMessage('{x} is required', {}, 'en')).toBe(' is required');
  });
});
