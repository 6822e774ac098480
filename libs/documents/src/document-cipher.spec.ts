import { randomBytes } from 'node:crypto';
import { decryptDocument, encryptDocument, FRAME_BYTES, plaintextSize } from './document-cipher';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

async function* from(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part;
}

describe('document encryption', () => {
  const key = randomBytes(32);

  it.each([0, 1, FRAME_BYTES - 1, FRAME_BYTES, FRAME_BYTES + 1, 3 * FRAME_BYTES + 5])('round-trips %i bytes, and the stored size gives the plaintext size', async (size) => {
    const plain = randomBytes(size);
    const stored = await collect(encryptDocument(from(plain.subarray(0, 1000), plain.subarray(1000)), key));
    expect(plaintextSize(stored.length)).toBe(size);
    // Read back in pieces that do not follow the frames.
    const pieces = [];
    for (let at = 0; at < stored.length; at += 7_777) pieces.push(stored.subarray(at, at + 7_777));
    expect((await collect(decryptDocument(from(...pieces), key))).equals(plain)).toBe(true);
  });

  it('fails on a changed byte, a truncation or a dropped final frame', async () => {
    const stored = await collect(encryptDocument(from(randomBytes(2 * FRAME_BYTES + 10)), key));
    const changed = Buffer.from(stored);
    changed[100] = (changed[100] ?? 0) ^ 1;
    await expect(collect(decryptDocument(from(changed), key))).rejects.toThrow();
    await expect(collect(decryptDocument(from(stored.subarray(0, stored.length - 1)), key))).rejects.toThrow();
    await expect(collect(decryptDocument(from(stored.subarray(0, 12 + 2 * (FRAME_BYTES + 16))), key))).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(collect(encryptDocument(from(Buffer.from('x')), randomBytes(16)))).rejects.toThrow('32 bytes');
  });
});
