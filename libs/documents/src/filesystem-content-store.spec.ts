import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileSystemContentStore } from './filesystem-content-store';
import { documentContentStoreContract } from './testing/content-store-contract';

documentContentStoreContract('the file system', async () => {
  const root = await mkdtemp(join(tmpdir(), 'documents-'));
  return { store: new FileSystemContentStore(root), close: () => rm(root, { recursive: true, force: true }) };
});

describe('FileSystemContentStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'documents-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps a content at sha256/ab/cd/<hex> and stagings under staging/', async () => {
    const store = new FileSystemContentStore(root);
    const staged = await store.stage(Readable.from([Buffer.from('hello')]), { maxBytes: 100 });
    expect(await readdir(join(root, 'staging'))).toHaveLength(1);
    await staged.commit();
    const hex = staged.sha256;
    expect(await readdir(join(root, 'sha256', hex.slice(0, 2), hex.slice(2, 4)))).toEqual([hex]);
    expect(await readdir(join(root, 'staging'))).toEqual([]);
  });

  it('finds bytes changed on disk with verify', async () => {
    const store = new FileSystemContentStore(root);
    const staged = await store.stage(Readable.from([Buffer.from('the original bytes')]), { maxBytes: 100 });
    await staged.commit();
    const hex = staged.sha256;
    await writeFile(join(root, 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex), 'the changed bytes!');
    expect(await store.verify(hex)).toBe(false);
  });
});
