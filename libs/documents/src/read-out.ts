import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { decryptDocument, plaintextSize } from './document-cipher';
import { assertRange, ByteRange, OpenOptions } from './document-content-store.port';

/** Reads the stored bytes of one content, whole or an inclusive range of them, as chunks (or a stream of them). */
export type StoredReader = (range?: ByteRange) => AsyncIterable<Buffer> | Readable;

/** Keeps the bytes of `chunks` (a stream starting at byte 0) that fall within `range`. */
async function* slice(chunks: AsyncIterable<Buffer>, range: ByteRange): AsyncGenerator<Buffer> {
  let offset = 0;
  for await (const chunk of chunks) {
    const from = Math.max(range.start - offset, 0);
    const to = Math.min(range.end + 1 - offset, chunk.length);
    if (to > from) yield chunk.subarray(from, to);
    offset += chunk.length;
    // Leaving the loop stops reading (and decrypting) what follows the range.
    if (offset > range.end) return;
  }
}

/**
 * The stream `open` answers, common to the adapters: the stored bytes or a range of them, or,
 * with `decrypt`, the plaintext (decrypted from the first frame; a range is cut from it).
 */
export function readOut(read: StoredReader, storedSize: number, range: ByteRange | undefined, options: OpenOptions | undefined): Readable {
  if (!options?.decrypt) {
    if (range) assertRange(range, storedSize);
    const stored = read(range);
    // A stream (a file's) is handed out as it is: wrapping it would cost a second stream's work.
    return stored instanceof Readable ? stored : Readable.from(stored, { objectMode: false });
  }
  const plain = decryptDocument(read(), options.decrypt.key);
  if (!range) return Readable.from(plain, { objectMode: false });
  assertRange(range, plaintextSize(storedSize));
  return Readable.from(slice(plain, range), { objectMode: false });
}

/** Whether the stored bytes hash to `sha256`. */
export async function hashesTo(read: StoredReader, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  for await (const chunk of read()) hash.update(chunk);
  return hash.digest('hex') === sha256;
}
