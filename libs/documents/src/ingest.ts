import { createHash } from 'node:crypto';
import { encryptDocument } from './document-cipher';
import { DocumentSource, HEAD_BYTES, StageOptions } from './document-content-store.port';
import { DocumentTooLargeError } from './errors';

/** What `ingest` measured once its stored chunks are consumed. */
export interface IngestResult {
  sha256: string;
  size: number;
  storedSha256: string;
  storedSize: number;
  head: Buffer;
}

async function* plaintextOf(source: DocumentSource, maxBytes: number, result: IngestResult): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  for await (const raw of source as AsyncIterable<Uint8Array | string>) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (chunk.length === 0) continue;
    result.size += chunk.length;
    if (result.size > maxBytes) throw new DocumentTooLargeError(maxBytes);
    hash.update(chunk);
    if (headBytes < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headBytes);
      head.push(Buffer.from(part));
      headBytes += part.length;
    }
    yield chunk;
  }
  result.sha256 = hash.digest('hex');
  result.head = Buffer.concat(head);
}

/**
 * The bytes to store for an upload, chunk by chunk: the source's chunks (encrypted with
 * `options.encrypt`), checked against `maxBytes` as they come (`DocumentTooLargeError` the moment
 * it is passed), hashed and measured. `result` is complete once the generator has finished.
 * Adapters write each chunk and drop it, so memory stays at one chunk (one frame when encrypting).
 *
 * @example
 * const result = emptyIngestResult();
 * for await (const chunk of ingest(source, options, result)) await write(chunk);
 */
export async function* ingest(source: DocumentSource, options: StageOptions, result: IngestResult): AsyncGenerator<Buffer> {
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) throw new RangeError('maxBytes must be a non-negative integer');
  const plain = plaintextOf(source, options.maxBytes, result);
  const stored = options.encrypt ? encryptDocument(plain, options.encrypt.key) : plain;
  const hash = createHash('sha256');
  for await (const chunk of stored) {
    hash.update(chunk);
    result.storedSize += chunk.length;
    yield chunk;
  }
  result.storedSha256 = hash.digest('hex');
}

export function emptyIngestResult(): IngestResult {
  return { sha256: '', size: 0, storedSha256: '', storedSize: 0, head: Buffer.alloc(0) };
}

/** Cuts a stream of chunks of any size into chunks of exactly `size` bytes (the last shorter). */
export async function* rechunk(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < size) continue;
    let all = Buffer.concat(pending);
    while (all.length >= size) {
      yield all.subarray(0, size);
      all = all.subarray(size);
    }
    pending = all.length > 0 ? [all] : [];
    pendingBytes = all.length;
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
