import { randomBytes } from 'node:crypto';
import { KeyEncryption, KeyEncryptionError, kekId, parseKek } from './key-encryption';

describe('key encryption (envelope of stored keys)', () => {
  const kek = randomBytes(32);
  const key = randomBytes(32);

  it('wraps a key under the current KEK, naming it, and unwraps it for the same row only', () => {
    const envelope = new KeyEncryption(kek);
    const stored = envelope.wrap(key, 'data_subject_keys:project_p1');
    expect(stored).toMatch(new RegExp(`^kek:v1:${kekId(kek)}:[A-Za-z0-9_-]+$`));
    expect(Buffer.from(stored, 'utf8').includes(key)).toBe(false);
    expect(stored).not.toContain(key.toString('base64url'));
    expect(envelope.unwrap(stored, 'data_subject_keys:project_p1').equals(key)).toBe(true);
    expect(envelope.wrap(key, 'data_subject_keys:project_p1')).not.toBe(stored);
    expect(() => envelope.unwrap(stored, 'data_subject_keys:project_p2')).toThrow(KeyEncryptionError);
  });

  it('refuses with a clear error under a wrong KEK, never giving other bytes', () => {
    const stored = new KeyEncryption(kek).wrap(key, 'row');
    expect(() => new KeyEncryption(randomBytes(32)).unwrap(stored, 'row')).toThrow(/neither DATA_KEY_ENCRYPTION_KEY .* nor DATA_KEY_ENCRYPTION_KEY_PREVIOUS/);
    // Same key id (a forged value claiming the current key) but other bytes: refused, not garbage.
    const forged = stored.slice(0, -4) + (stored.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => new KeyEncryption(kek).unwrap(forged, 'row')).toThrow(/does not open/);
    let refusal: unknown;
    try {
      new KeyEncryption(randomBytes(32)).unwrap(stored, 'row');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(KeyEncryptionError);
    expect(refusal).toMatchObject({ code: 'DATA_KEY.UNWRAP_FAILED' });
  });

  it('unwraps with the previous KEK during a rotation and tells which values to wrap again', () => {
    const old = new KeyEncryption(kek);
    const stored = old.wrap(key, 'row');
    const next = randomBytes(32);
    const rotating = new KeyEncryption(next, kek);
    expect(rotating.unwrap(stored, 'row').equals(key)).toBe(true);
    expect(rotating.needsRewrap(stored)).toBe(true);
    const again = rotating.wrap(rotating.unwrap(stored, 'row'), 'row');
    expect(rotating.needsRewrap(again)).toBe(false);
    expect(new KeyEncryption(next).unwrap(again, 'row').equals(key)).toBe(true);
    expect(rotating.needsRewrap('whsec_in_clear')).toBe(true);
  });

  it('parses a KEK of 32 bytes in base64 only', () => {
    expect(parseKek(kek.toString('base64'))?.equals(kek)).toBe(true);
    expect(parseKek(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(parseKek('not base64!')).toBeUndefined();
    expect(() => new KeyEncryption(randomBytes(16))).toThrow('32 bytes');
  });
});
