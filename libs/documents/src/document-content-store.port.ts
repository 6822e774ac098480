import type { Readable } from 'node:stream';

/** Bytes of a document as they arrive: a Node stream (an upload) or any async iterable. */
export type DocumentSource = Readable | AsyncIterable<Uint8Array>;

/** First bytes of an upload kept in memory for media type sniffing. */
export const HEAD_BYTES = 64 * 1024;

/** Lowercase hex SHA-256: the address of stored content. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** AES-256-GCM encryption of a document at rest (see `document-cipher.ts` for the format). */
export interface DocumentEncryption {
  /** 32 bytes, as the subject keys of `@app/privacy`. */
  readonly key: Buffer;
}

export interface StageOptions {
  /** Staging stops with `DocumentTooLargeError` as soon as the upload passes this many bytes. */
  readonly maxBytes: number;
  /** Encrypts before storing; the content address is then that of the ciphertext. */
  readonly encrypt?: DocumentEncryption;
}

/**
 * An upload written to staging, measured and hashed, not yet at its content address.
 * `commit` or `discard` it; a staging left behind is removed by `collectGarbage`.
 */
export interface StagedContent {
  /** SHA-256 of the document's bytes (the plaintext): what an event pins. */
  readonly sha256: string;
  /** Size of the document's bytes (the plaintext). */
  readonly size: number;
  /** SHA-256 of the stored bytes: the content address (`sha256` unless encrypted). */
  readonly storedSha256: string;
  /** Size of the stored bytes (`size` unless encrypted). */
  readonly storedSize: number;
  /** The first bytes of the document (up to `HEAD_BYTES`, plaintext), for `sniffMediaType`. */
  readonly head: Buffer;
  /** Moves the bytes to their content address; the same bytes already stored are kept once. */
  commit(): Promise<void>;
  /** Drops the staged bytes. */
  discard(): Promise<void>;
}

/** An inclusive byte range, as HTTP `Range: bytes=start-end` gives it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface OpenOptions {
  /** Decrypts content staged with `encrypt`; the range then applies to the plaintext. */
  readonly decrypt?: DocumentEncryption;
}

/** One stored content, as `list` gives it for garbage collection. */
export interface StoredContentInfo {
  readonly sha256: string;
  readonly size: number;
  readonly storedAt: Date;
}

export interface GarbageReport {
  /** Contents removed: not referenced and stored before the cut-off. */
  readonly removedContents: number;
  /** Stagings removed: begun before the cut-off and never committed or discarded. */
  readonly removedStagings: number;
}

/**
 * Content-addressed storage of document bytes: the key of a content is the lowercase hex SHA-256
 * of the bytes stored, so the same bytes are stored once and a content never changes. Bytes
 * stream in and out; no adapter holds a whole document in memory.
 *
 * @example
 * const staged = await store.stage(upload, { maxBytes: config.documents.maxBytes });
 * const mediaType = checkUpload({ head: staged.head, size: staged.size, fileName });
 * await staged.commit();
 * (await store.open(staged.storedSha256)).pipe(response);
 */
export interface DocumentContentStore {
  /**
   * Streams `source` into staging, hashing and measuring it; throws `DocumentTooLargeError` past
   * `maxBytes`. A stream source is destroyed when staging stops early: give the upload's part
   * (a multipart file stream), not the HTTP request, so the answer can still be sent.
   */
  stage(source: DocumentSource, options: StageOptions): Promise<StagedContent>;
  /** The stored bytes (decrypted with `decrypt`), or the inclusive `range` of them; throws `DocumentNotStoredError`. */
  open(sha256: string, range?: ByteRange, options?: OpenOptions): Promise<Readable>;
  /** Size of the stored bytes, or undefined when nothing is stored at that address. */
  stat(sha256: string): Promise<{ size: number } | undefined>;
  /** Removes a content (nothing when absent). */
  remove(sha256: string): Promise<void>;
  /** Every stored content. */
  list(): AsyncIterable<StoredContentInfo>;
  /** Whether the stored bytes still hash to their address. */
  verify(sha256: string): Promise<boolean>;
  /** Removes contents `referenced` says no event pins and stagings, both older than `olderThan`. */
  collectGarbage(referenced: (sha256: string) => Promise<boolean>, olderThan: Date): Promise<GarbageReport>;
}

/** Nothing is stored at this address (an engine fault: events pin only committed contents). */
export class DocumentNotStoredError extends Error {
  constructor(readonly sha256: string) {
    super(`No document content is stored at ${sha256}`);
    this.name = 'DocumentNotStoredError';
  }
}

/** Refuses anything that is not a content address before it reaches a path or a query. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`Not a lowercase hex SHA-256: ${sha256}`);
}

/** Refuses a range that is not inside a content of `size` bytes. */
export function assertRange(range: ByteRange, size: number): void {
  if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start || range.end >= size) {
    throw new RangeError(`Range ${range.start}-${range.end} is not within ${size} bytes`);
  }
}
