import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { writeCanonicalValue } from '@app/event-store';
import { canonicalJsonText } from './canonical-text';

/** What the verifier hashes per event: the stored fields, `data` and `metadata` as JSON text. */
export type HashInput = readonly [
  prevHash: string,
  eventId: string,
  streamId: string,
  version: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];

/**
 * The canonical JSON of one stored event, the form `eventHash` covers (members in key order:
 * data, eventId, metadata, recordedAt, schemaVersion, streamId, type, version), with `data` and
 * `metadata` written from their text. Self-contained, with its two writers passed in, so the
 * hashing workers run its very source.
 *
 * @example
 * canonicalStoredEvent(input, writeCanonicalValue, canonicalJsonText);
 */
export function canonicalStoredEvent(
  input: HashInput,
  writeValue: (value: unknown) => string,
  fromText: (text: string) => string | undefined,
): string {
  const [, eventId, streamId, version, type, schemaVersion, data, metadata, recordedAt] = input;
  const json = (text: string) => fromText(text) ?? writeValue(JSON.parse(text));
  return (
    `{"data":${json(data)},"eventId":${writeValue(eventId)},"metadata":${json(metadata)},"recordedAt":${writeValue(recordedAt)},` +
    `"schemaVersion":${writeValue(schemaVersion)},"streamId":${writeValue(streamId)},"type":${writeValue(type)},"version":${writeValue(version)}}`
  );
}

/**
 * Hashes one event from its stored text; null when it has no canonical form (the caller then
 * treats it as a hash mismatch).
 *
 * @example
 * hashStoredEvent([prevHash, eventId, 'project-1', 1, 'ProjectDraftCreated', 1, '{"a":1}', '{}', '2026-03-02T02:00:00.000Z']);
 */
export function hashStoredEvent(input: HashInput): string | null {
  try {
    return createHash('sha256').update(Buffer.from(input[0], 'hex')).update(canonicalStoredEvent(input, writeCanonicalValue, canonicalJsonText), 'utf8').digest('hex');
  } catch {
    return null;
  }
}

/*
 * The worker runs the very same writers: their source is taken from the compiled functions, so
 * the two cannot drift apart.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const writeCanonicalValue = ${writeCanonicalValue.toString()};
const canonicalJsonText = ${canonicalJsonText.toString()};
const canonicalStoredEvent = ${canonicalStoredEvent.toString()};
function hash(input) {
  try {
    return createHash('sha256').update(Buffer.from(input[0], 'hex')).update(canonicalStoredEvent(input, writeCanonicalValue, canonicalJsonText), 'utf8').digest('hex');
  } catch {
    return null;
  }
}
parentPort.on('message', (message) => parentPort.postMessage({ id: message.id, hashes: message.items.map(hash) }));
`;

/**
 * Spreads event hashing over worker threads, so reading the log and hashing it use separate
 * cores. With no workers (one core, or `size` 0) it hashes in the calling thread.
 *
 * @example
 * const pool = new HashingPool();
 * const hashes = await pool.hash(items);
 * await pool.close();
 */
export class HashingPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (hashes: (string | null)[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  /**
   * A pool whose workers proved to hash a sample exactly as this thread does; if they cannot
   * (e.g. code instrumented for coverage), hashing stays in this thread.
   */
  static async create(size: number = Math.max(0, Math.min(3, availableParallelism() - 1))): Promise<HashingPool> {
    const pool = new HashingPool(size);
    const sample: HashInput = ['0'.repeat(64), 'e', 's', 1, 't', 1, '{"b":[1,"é",{"z":null,"a":-0}],"a":1.5}', '{"x":true}', '2026-01-01T00:00:00.000Z'];
    try {
      const expected = hashStoredEvent(sample);
      const answers = await Promise.all(pool.workers.map(() => pool.send([sample])));
      if (answers.every((a) => a[0] === expected)) return pool;
    } catch {
      // fall through to a pool without workers
    }
    await pool.close();
    return pool;
  }

  private constructor(size: number) {
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (message: { id: number; hashes: (string | null)[] }) => {
        this.waiting.get(message.id)?.resolve(message.hashes);
        this.waiting.delete(message.id);
      });
      worker.on('error', (error) => {
        for (const pending of this.waiting.values()) pending.reject(error);
        this.waiting.clear();
      });
      // An idle pool must not keep the process alive.
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Worker threads in use (0: hashing in the calling thread). */
  get threads(): number {
    return this.workers.length;
  }

  /** Hashes of the inputs, in order. */
  async hash(items: readonly HashInput[]): Promise<(string | null)[]> {
    if (this.workers.length === 0 || items.length === 0) return items.map(hashStoredEvent);
    // Split among the workers, and keep a share here: the calling thread would only wait.
    const parts = this.workers.length + 1;
    const size = Math.ceil(items.length / parts);
    const jobs: Promise<(string | null)[]>[] = [];
    for (let i = 0; i < this.workers.length; i += 1) {
      const slice = items.slice((i + 1) * size, (i + 2) * size);
      if (slice.length === 0) continue;
      jobs.push(this.send(slice));
    }
    const own = items.slice(0, size).map(hashStoredEvent);
    const rest = await Promise.all(jobs);
    return own.concat(...rest);
  }

  private send(items: readonly HashInput[]): Promise<(string | null)[]> {
    const worker = this.workers[this.turn % this.workers.length] as Worker;
    this.turn += 1;
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, items });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
