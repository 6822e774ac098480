import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Streaming AES-256-GCM for documents at rest, in authenticated frames so that no byte is given
 * out before it is authenticated and a truncated or reordered content fails:
 *
 * `stored = baseIv (12 random bytes) ‖ frame_0 ‖ … ‖ frame_n`, each `frame_i = ciphertext ‖ tag (16)`
 * of `FRAME_BYTES` (64 KiB) of plaintext, the last frame 0 to 64 KiB. Frame `i` uses the IV
 * `baseIv` with its last 4 bytes XOR `i`, and authenticates `"kc-doc:v1" ‖ uint32be(i) ‖ final`
 * (`final` 1 on the last frame, else 0). A plaintext of `p` bytes is stored in
 * `12 + p + 16 · frames` bytes, `frames = max(1, ceil(p / FRAME_BYTES))`.
 *
 * The key is 32 bytes, like the per-subject keys of `@app/privacy`; erasing the key leaves the
 * stored bytes unreadable.
 */
export const FRAME_BYTES = 64 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_PREFIX = Buffer.from('kc-doc:v1', 'utf8');

function frameIv(base: Buffer, index: number): Buffer {
  const iv = Buffer.from(base);
  iv.writeUInt32BE((base.readUInt32BE(8) ^ index) >>> 0, 8);
  return iv;
}

function frameAad(index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail[4] = final ? 1 : 0;
  return Buffer.concat([AAD_PREFIX, tail]);
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('A document key is 32 bytes (AES-256)');
}

function sealFrame(key: Buffer, base: Buffer, index: number, final: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, frameIv(base, index));
  cipher.setAAD(frameAad(index, final));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function openFrame(key: Buffer, base: Buffer, index: number, final: boolean, frame: Buffer): Buffer {
  if (frame.length < TAG_BYTES) throw new Error('The encrypted document is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, frameIv(base, index));
  decipher.setAAD(frameAad(index, final));
  decipher.setAuthTag(frame.subarray(frame.length - TAG_BYTES));
  return Buffer.concat([decipher.update(frame.subarray(0, frame.length - TAG_BYTES)), decipher.final()]);
}

/** Splits off the first `n` bytes of the pending buffers, which hold more than `n`. */
function take(pending: Buffer[], n: number): Buffer {
  const all = Buffer.concat(pending);
  pending.length = 0;
  pending.push(all.subarray(n));
  return all.subarray(0, n);
}

/**
 * Encrypts a stream of plaintext chunks into the stored format, frame by frame.
 *
 * @example
 * for await (const stored of encryptDocument(source, key)) write(stored);
 */
export async function* encryptDocument(plaintext: AsyncIterable<Buffer>, key: Buffer): AsyncGenerator<Buffer> {
  assertKey(key);
  const base = randomBytes(IV_BYTES);
  yield base;
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  for await (const chunk of plaintext) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    // A full frame is sealed as not final only once more plaintext follows it.
    while (pendingBytes > FRAME_BYTES) {
      yield sealFrame(key, base, index++, false, take(pending, FRAME_BYTES));
      pendingBytes -= FRAME_BYTES;
    }
  }
  yield sealFrame(key, base, index, true, Buffer.concat(pending));
}

/**
 * Decrypts the stored format back into plaintext chunks; throws when a frame does not
 * authenticate (wrong key, changed, truncated or reordered bytes) before giving out its bytes.
 */
export async function* decryptDocument(stored: AsyncIterable<Buffer>, key: Buffer): AsyncGenerator<Buffer> {
  assertKey(key);
  const frame = FRAME_BYTES + TAG_BYTES;
  let base: Buffer | undefined;
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  for await (const chunk of stored) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (!base) {
      if (pendingBytes < IV_BYTES) continue;
      base = Buffer.from(take(pending, IV_BYTES));
      pendingBytes -= IV_BYTES;
    }
    while (pendingBytes > frame) {
      yield openFrame(key, base, index++, false, take(pending, frame));
      pendingBytes -= frame;
    }
  }
  if (!base) throw new Error('The encrypted document is truncated');
  yield openFrame(key, base, index, true, Buffer.concat(pending));
}

/** Plaintext size of an encrypted content of `storedSize` bytes. */
export function plaintextSize(storedSize: number): number {
  const body = storedSize - IV_BYTES;
  if (body < TAG_BYTES) throw new Error('The encrypted document is truncated');
  const frames = Math.ceil(body / (FRAME_BYTES + TAG_BYTES));
  return body - TAG_BYTES * frames;
}
