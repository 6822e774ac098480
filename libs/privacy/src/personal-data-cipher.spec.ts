import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '@app/event-store';
import { ERASED, mapStrings, openValue, sealedStrings, sealValue, someString, subjectOf } from './personal-data-cipher';
import { PersonalDataGuard, personalValues } from './personal-data-guard';

describe('personal data cipher', () => {
  const key = randomBytes(32);

  it('seals a value for its subject and opens it with the key', () => {
    const sealed = sealValue(key, 'project_p1', 'Nguyễn Thị Hoa');
    expect(sealed).toMatch(/^pd:v1:project_p1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('Hoa');
    expect(subjectOf(sealed)).toBe('project_p1');
    expect(openValue(key, sealed)).toBe('Nguyễn Thị Hoa');
    expect(sealValue(key, 'project_p1', 'Nguyễn Thị Hoa')).not.toBe(sealed);
  });

  it('tells whether events hold a sealed value anywhere in their data', () => {
    const guard = new PersonalDataGuard({} as SqlDatabase);
    const sealed = sealValue(key, 'project_p1', '0912345678');
    expect(guard.holdsSealed([{ data: { title: 'Máy đóng gói' } }, { data: { beneficiary: { contact: { name: 'Hoa', phone: sealed } } } }])).toBe(true);
    expect(guard.holdsSealed([{ data: { title: 'Máy đóng gói', list: ['a', ERASED] } }])).toBe(false);
    expect(guard.holdsSealed([])).toBe(false);
  });

  it('refuses another key, another subject, or a changed byte', () => {
    const sealed = sealValue(key, 'project_p1', '0912345678');
    expect(() => openValue(randomBytes(32), sealed)).toThrow();
    expect(() => openValue(key, sealed.replace('project_p1', 'project_p2'))).toThrow();
    // Change one byte of the ciphertext (not a base64 character: the last one may carry only
    // padding bits, which decode to the same bytes).
    const cut = sealed.lastIndexOf(':') + 1;
    const bytes = Buffer.from(sealed.slice(cut), 'base64url');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0x01;
    expect(() => openValue(key, sealed.slice(0, cut) + bytes.toString('base64url'))).toThrow();
  });

  it('finds and rewrites strings anywhere in a JSON value', () => {
    const sealed = sealValue(key, 'project_p1', 'x');
    const data = { a: [sealed, { b: sealed }], c: 'plain', n: 1 };
    expect(sealedStrings(data).size).toBe(1);
    expect(mapStrings(data, (s) => (s === sealed ? ERASED : s))).toEqual({ a: [ERASED, { b: ERASED }], c: 'plain', n: 1 });
  });

  it('treats contacts and household business names as personal, enterprises’ names not', () => {
    const household = { name: 'Hộ kinh doanh Lê Văn Tám', kind: 'household_business', contact: { name: 'Lê Văn Tám', phone: '0900000001' } };
    const enterprise = { name: 'Công ty TNHH Gạch Đức Hòa', kind: 'enterprise', contact: { name: 'Trần Bình', phone: '0900000002' } };
    expect([...personalValues({ status: 'none' }, [{ type: 'ProjectDraftCreated', data: { beneficiary: household } }])].sort()).toEqual(
      ['0900000001', 'Hộ kinh doanh Lê Văn Tám', 'Lê Văn Tám'].sort(),
    );
    expect([...personalValues({ status: 'draft', proposal: { beneficiary: enterprise } }, [])].sort()).toEqual(['0900000002', 'Trần Bình']);
  });

  it('finds a string anywhere in a JSON value, and nothing in values without one', () => {
    const data = { beneficiary: { contact: { name: 'Nguyễn Thị Hoa' } }, tags: ['a', { deep: ['Trần Bình'] }], amount: 5 };
    expect(someString(data, (s) => s === 'Trần Bình')).toBe(true);
    expect(someString(data, (s) => s === 'Nguyễn Thị Hoa')).toBe(true);
    expect(someString(data, (s) => s === 'Lê Văn C')).toBe(false);
    expect(someString({ n: 1, ok: true, none: null }, () => true)).toBe(false);
  });
});
