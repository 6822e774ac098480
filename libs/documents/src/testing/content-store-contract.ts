import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DocumentContentStore, DocumentNotStoredError, HEAD_BYTES } from '../document-content-store.port';
import { DocumentTooLargeError } from '../errors';

/** Reads a stream to its end. */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `bytes` as a stream of uneven chunks, as a network upload comes. */
function upload(bytes: Buffer, chunk = 10_007): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) parts.push(bytes.subarray(at, at + chunk));
  return Readable.from(parts);
}

const BIG = 20 * 1024 * 1024;
const FUTURE = () => new Date(Date.now() + 60_000);
const PAST = () => new Date(Date.now() - 60_000);
const nothingReferenced = async () => false;

/**
 * The behaviour every `DocumentContentStore` adapter shares; each adapter's spec runs it.
 *
 * @example
 * documentContentStoreContract('the file system', async () => ({ store: new FileSystemContentStore(dir), close: async () => undefined }));
 */
export function documentContentStoreContract(name: string, open: () => Promise<{ store: DocumentContentStore; close: () => Promise<void> }>): void {
  describe(`DocumentContentStore contract: ${name}`, () => {
    let store: DocumentContentStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(() => close());

    async function storeBytes(bytes: Buffer) {
      const staged = await store.stage(upload(bytes), { maxBytes: BIG });
      await staged.commit();
      return staged;
    }

    async function listed() {
      const all = [];
      for await (const content of store.list()) all.push(content);
      return all;
    }

    it('stores bytes at the SHA-256 of them, with size and head, and streams them back', async () => {
      const bytes = randomBytes(700 * 1024 + 13);
      const staged = await store.stage(upload(bytes), { maxBytes: BIG });
      expect(staged).toMatchObject({ sha256: sha256(bytes), storedSha256: sha256(bytes), size: bytes.length, storedSize: bytes.length });
      expect(staged.head.equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
      expect(await store.stat(staged.sha256)).toBeUndefined();
      await staged.commit();
      expect(await store.stat(staged.sha256)).toEqual({ size: bytes.length });
      expect((await readAll(await store.open(staged.sha256))).equals(bytes)).toBe(true);
      expect(await store.verify(staged.sha256)).toBe(true);
    });

    it('accepts any async iterable of Uint8Array as the source, and an empty one', async () => {
      async function* parts() {
        yield new Uint8Array([1, 2, 3]);
        yield new Uint8Array([4]);
      }
      const staged = await store.stage(parts(), { maxBytes: 10 });
      await staged.commit();
      expect([...(await readAll(await store.open(staged.sha256)))]).toEqual([1, 2, 3, 4]);
      const empty = await storeBytes(Buffer.alloc(0));
      expect(empty).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
      expect(await readAll(await store.open(empty.sha256))).toHaveLength(0);
    });

    it('serves inclusive ranges, within one chunk and across chunks', async () => {
      const bytes = randomBytes(900 * 1024);
      const { sha256: key } = await storeBytes(bytes);
      for (const [start, end] of [
        [0, 0],
        [10, 99],
        [262_140, 262_150],
        [100_000, 800_000],
        [bytes.length - 5, bytes.length - 1],
      ] as const) {
        expect((await readAll(await store.open(key, { start, end }))).equals(bytes.subarray(start, end + 1))).toBe(true);
      }
      await expect(store.open(key, { start: 5, end: bytes.length })).rejects.toThrow(RangeError);
    });

    it('keeps the same bytes once, however often they are committed', async () => {
      const bytes = randomBytes(5000);
      const first = await store.stage(upload(bytes), { maxBytes: BIG });
      const second = await store.stage(upload(bytes), { maxBytes: BIG });
      await first.commit();
      await second.commit();
      await storeBytes(bytes);
      expect((await listed()).map((c) => c.sha256)).toEqual([sha256(bytes)]);
      expect((await readAll(await store.open(sha256(bytes)))).equals(bytes)).toBe(true);
      expect(await store.collectGarbage(nothingReferenced, FUTURE())).toEqual({ removedContents: 1, removedStagings: 0 });
    });

    it('stops as soon as an upload passes maxBytes and leaves nothing behind', async () => {
      let pulled = 0;
      async function* endless() {
        for (;;) {
          pulled += 1;
          yield Buffer.alloc(1000, 7);
        }
      }
      await expect(store.stage(endless(), { maxBytes: 4500 })).rejects.toThrow(DocumentTooLargeError);
      expect(pulled).toBe(5);
      await expect(store.stage(upload(Buffer.alloc(4501)), { maxBytes: 4500 })).rejects.toMatchObject({ code: 'DOCUMENT.TOO_LARGE', kind: 'too_large' });
      const exact = await store.stage(upload(Buffer.alloc(4500)), { maxBytes: 4500 });
      await exact.discard();
      expect(await store.collectGarbage(nothingReferenced, FUTURE())).toEqual({ removedContents: 0, removedStagings: 0 });
    });

    it('leaves nothing behind when the source fails (a client gone mid-upload)', async () => {
      async function* broken() {
        yield randomBytes(300 * 1024);
        throw new Error('client disconnected');
      }
      await expect(store.stage(broken(), { maxBytes: BIG })).rejects.toThrow('client disconnected');
      expect(await listed()).toEqual([]);
      expect(await store.collectGarbage(nothingReferenced, FUTURE())).toEqual({ removedContents: 0, removedStagings: 0 });
    });

    it('removes a content; opening it then fails, its stat is undefined', async () => {
      const { sha256: key } = await storeBytes(randomBytes(100));
      await store.remove(key);
      await store.remove(key);
      expect(await store.stat(key)).toBeUndefined();
      await expect(store.open(key)).rejects.toThrow(DocumentNotStoredError);
      await expect(store.verify(key)).rejects.toThrow(DocumentNotStoredError);
      await expect(store.stat('../../etc/passwd')).rejects.toThrow('Not a lowercase hex SHA-256');
    });

    it('lists contents and collects the unreferenced old ones and stale stagings', async () => {
      const kept = await storeBytes(randomBytes(1000));
      const dropped = await storeBytes(randomBytes(2000));
      const pending = await store.stage(upload(randomBytes(3000)), { maxBytes: BIG });
      const all = await listed();
      expect(all.map((c) => ({ sha256: c.sha256, size: c.size })).sort((a, b) => a.size - b.size)).toEqual([
        { sha256: kept.sha256, size: 1000 },
        { sha256: dropped.sha256, size: 2000 },
      ]);
      for (const content of all) expect(Math.abs(content.storedAt.getTime() - Date.now())).toBeLessThan(60_000);
      const referenced = async (key: string) => key === kept.sha256;
      expect(await store.collectGarbage(referenced, PAST())).toEqual({ removedContents: 0, removedStagings: 0 });
      expect(await store.collectGarbage(referenced, FUTURE())).toEqual({ removedContents: 1, removedStagings: 1 });
      expect((await listed()).map((c) => c.sha256)).toEqual([kept.sha256]);
      expect(await store.stat(dropped.sha256)).toBeUndefined();
      await pending.discard();
    });

    describe('encrypted contents', () => {
      const key = randomBytes(32);

      it('pins the plaintext hash, stores at the ciphertext hash, and decrypts whole or by range', async () => {
        const bytes = randomBytes(200 * 1024 + 7);
        const staged = await store.stage(upload(bytes), { maxBytes: BIG, encrypt: { key } });
        await staged.commit();
        expect(staged.sha256).toBe(sha256(bytes));
        expect(staged.size).toBe(bytes.length);
        expect(staged.storedSha256).not.toBe(staged.sha256);
        expect(staged.head.equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
        expect(await store.stat(staged.sha256)).toBeUndefined();
        expect(await store.stat(staged.storedSha256)).toEqual({ size: staged.storedSize });
        expect(await store.verify(staged.storedSha256)).toBe(true);
        const stored = await readAll(await store.open(staged.storedSha256));
        expect(sha256(stored)).toBe(staged.storedSha256);
        expect(stored.includes(bytes.subarray(1000, 1064))).toBe(false);
        expect((await readAll(await store.open(staged.storedSha256, undefined, { decrypt: { key } }))).equals(bytes)).toBe(true);
        const range = { start: 65_530, end: 140_000 };
        expect((await readAll(await store.open(staged.storedSha256, range, { decrypt: { key } }))).equals(bytes.subarray(range.start, range.end + 1))).toBe(true);
        await expect(store.open(staged.storedSha256, { start: 0, end: bytes.length }, { decrypt: { key } })).rejects.toThrow(RangeError);
      });

      it('fails to decrypt with another key, and encrypts the same bytes differently each time', async () => {
        const bytes = randomBytes(1000);
        const first = await store.stage(upload(bytes), { maxBytes: BIG, encrypt: { key } });
        const second = await store.stage(upload(bytes), { maxBytes: BIG, encrypt: { key } });
        await first.commit();
        await second.commit();
        expect(first.sha256).toBe(second.sha256);
        expect(first.storedSha256).not.toBe(second.storedSha256);
        await expect(readAll(await store.open(first.storedSha256, undefined, { decrypt: { key: randomBytes(32) } }))).rejects.toThrow();
      });

      it('counts maxBytes on the plaintext', async () => {
        await expect(store.stage(upload(Buffer.alloc(101)), { maxBytes: 100, encrypt: { key } })).rejects.toThrow(DocumentTooLargeError);
        const staged = await store.stage(upload(Buffer.alloc(100)), { maxBytes: 100, encrypt: { key } });
        expect(staged.storedSize).toBeGreaterThan(100);
        await staged.discard();
        expect(await store.collectGarbage(nothingReferenced, FUTURE())).toEqual({ removedContents: 0, removedStagings: 0 });
      });
    });
  });
}
