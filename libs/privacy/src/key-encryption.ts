import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Marks a value wrapped under a key-encryption key: `kek:v1:<keyId>:<base64url(iv ‖ ciphertext ‖ tag)>`. */
export const WRAPPED_PREFIX = 'kek:v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEK_BYTES = 32;

/** A stored key could not be unwrapped: its key-encryption key is not configured, or is not the one it was wrapped under. */
export class KeyEncryptionError extends Error {
  readonly code = 'DATA_KEY.UNWRAP_FAILED';

  constructor(message: string) {
    super(message);
    this.name = 'KeyEncryptionError';
  }
}

/**
 * The id of a key-encryption key: 16 hex characters of a hash of it (names the key in stored
 * values without revealing it, so a value says which key opens it).
 *
 * @example
 * kekId(Buffer.alloc(32)); // '…16 hex characters…'
 */
export function kekId(kek: Buffer): string {
  return createHash('sha256').update('grants-data-kek\0').update(kek).digest('hex').slice(0, 16);
}

/**
 * Parses a key-encryption key from configuration (32 bytes in base64), or undefined when it is
 * not one.
 *
 * @example
 * parseKek(process.env.DATA_KEY_ENCRYPTION_KEY ?? ''); // Buffer(32) or undefined
 */
export function parseKek(base64: string): Buffer | undefined {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  return bytes.length === KEK_BYTES ? bytes : undefined;
}

/**
 * Envelope encryption of the engine's stored keys (subject keys, webhook signing secrets) under a
 * key-encryption key (KEK) from configuration: AES-256-GCM with the KEK's id in the value and
 * the row the value belongs to as additional authenticated data, so a value cannot be moved to
 * another row. The previous KEK, when configured, only unwraps: `rewrap` moves values to the
 * current one, and then the previous one can be removed. A database dump alone opens nothing.
 *
 * @example
 * const kek = new KeyEncryption(parseKek(env.DATA_KEY_ENCRYPTION_KEY)!);
 * const stored = kek.wrap(secret, 'webhook_endpoints:e1'); // 'kek:v1:…'
 * kek.unwrap(stored, 'webhook_endpoints:e1').equals(secret); // true
 */
export class KeyEncryption {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous?: Buffer) {
    if (current.length !== KEK_BYTES || (previous && previous.length !== KEK_BYTES)) throw new Error('A key-encryption key has 32 bytes');
    this.currentId = kekId(current);
    this.keys.set(this.currentId, current);
    if (previous) this.keys.set(kekId(previous), previous);
  }

  /** Whether a stored value is wrapped (older rows may still hold keys in clear). */
  static isWrapped(stored: string): boolean {
    return stored.startsWith(WRAPPED_PREFIX);
  }

  /** Whether a stored value should be wrapped again: in clear, or under a key other than the current one. */
  needsRewrap(stored: string): boolean {
    return !KeyEncryption.isWrapped(stored) || keyIdOf(stored) !== this.currentId;
  }

  /** Wraps a key under the current KEK, bound to `context` (the row it is stored in). */
  wrap(plain: Buffer, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyOf(this.currentId), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `${WRAPPED_PREFIX}${this.currentId}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Unwraps a stored value; throws {@link KeyEncryptionError} rather than return anything wrong. */
  unwrap(stored: string, context: string): Buffer {
    if (!KeyEncryption.isWrapped(stored)) throw new KeyEncryptionError(`A stored key of ${context} is not wrapped`);
    const id = keyIdOf(stored);
    const kek = this.keys.get(id);
    if (!kek) {
      throw new KeyEncryptionError(
        `A stored key of ${context} is wrapped under key-encryption key ${id}, which is neither DATA_KEY_ENCRYPTION_KEY (${this.currentId}) nor DATA_KEY_ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    const raw = Buffer.from(stored.slice(WRAPPED_PREFIX.length + id.length + 1), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyEncryptionError(`A stored key of ${context} does not open with key-encryption key ${id} (altered, or moved from another row)`);
    }
  }

  private keyOf(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`unreachable: no key-encryption key ${id}`);
    return key;
  }
}

function keyIdOf(stored: string): string {
  const rest = stored.slice(WRAPPED_PREFIX.length);
  return rest.slice(0, Math.max(0, rest.indexOf(':')));
}
