import { DocumentContentStore, DocumentNotStoredError, SHA256_HEX } from '@app/documents';
import { SqlExecutor } from '@app/event-store';

/** Why a document's content fails: nothing at its address, or bytes that no longer hash to it. */
export type DocumentBreakReason = 'missing' | 'altered';

/** A document whose content the store no longer holds as it was attached. */
export interface DocumentBreak {
  readonly documentId: string;
  readonly projectId: string;
  /** Position of the `DocumentAttached` event that pins the content. */
  readonly position: number;
  /** SHA-256 of the document's bytes (the plaintext), as the event pins it. */
  readonly sha256: string;
  /** The content address checked, when it differs from `sha256` (an encrypted document). */
  readonly storedSha256?: string;
  readonly reason: DocumentBreakReason;
  /** A sentence for people, when the store said more than the reason. */
  readonly detail?: string;
}

/** The document part of `GET /audit/verify?documents=true`. */
export interface DocumentVerifyReport {
  /** `DocumentAttached` events checked. */
  readonly checked: number;
  /** Those whose content is missing or altered, in log position order. */
  readonly broken: readonly DocumentBreak[];
}

export interface DocumentVerifyOptions {
  /** Events per read (default 1000). */
  readonly batchSize?: number;
  /** Contents re-hashed at once (default 4). */
  readonly concurrency?: number;
  /** Called after each batch (the CLI shows progress). */
  readonly onProgress?: (checked: number, position: number) => void;
}

interface AttachedRow {
  position: string | number;
  stream_id: string;
  document_id: string | null;
  project_id: string | null;
  sha256: string | null;
  stored_sha256: string | null;
}

/*
 * Only the fields the check needs, by position; `events_document_attached` (a partial index on
 * position for this one type) keeps the walk off the rest of the log.
 */
const ATTACHED_SQL = `SELECT position, stream_id, data->>'documentId' AS document_id, data->>'projectId' AS project_id,
  data->>'sha256' AS sha256, data->>'storedSha256' AS stored_sha256
FROM events
WHERE type = 'DocumentAttached' AND position > $1
ORDER BY position
LIMIT $2`;

type Outcome = { ok: true } | { ok: false; reason: DocumentBreakReason; detail?: string };

/**
 * Checks that every document the log pins is still in the content store as it was attached: for
 * each `DocumentAttached` event, the content at its address (`storedSha256 ?? sha256`) exists
 * and its bytes still hash to that address. Superseded documents are checked too (they are
 * history); an encrypted document is checked on its ciphertext, so it verifies without its key,
 * after an erasure too. A content pinned by several events is re-hashed once per run.
 *
 * @example
 * const report = await new DocumentVerifier(db, createDocumentContentStore(config, db)).verify();
 * for (const b of report.broken) console.log(b.documentId, b.reason);
 */
export class DocumentVerifier {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly store: DocumentContentStore,
  ) {}

  async verify(options: DocumentVerifyOptions = {}): Promise<DocumentVerifyReport> {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const concurrency = Math.max(1, options.concurrency ?? 4);
    const outcomes = new Map<string, Promise<Outcome>>();
    const broken: DocumentBreak[] = [];
    let checked = 0;
    let after = 0;
    for (;;) {
      const { rows } = await this.sql.query<AttachedRow>(ATTACHED_SQL, [after, batchSize]);
      const results = await mapLimited(rows, concurrency, (row) => {
        const address = row.stored_sha256 ?? row.sha256 ?? '';
        let outcome = outcomes.get(address);
        if (!outcome) {
          outcome = this.check(address);
          outcomes.set(address, outcome);
        }
        return outcome;
      });
      for (const [index, row] of rows.entries()) {
        const outcome = results[index] as Outcome;
        checked += 1;
        if (outcome.ok) continue;
        const sha256 = row.sha256 ?? '';
        broken.push({
          documentId: row.document_id ?? '',
          projectId: row.project_id ?? row.stream_id.replace(/^project-/, ''),
          position: Number(row.position),
          sha256,
          ...(row.stored_sha256 && row.stored_sha256 !== sha256 ? { storedSha256: row.stored_sha256 } : {}),
          reason: outcome.reason,
          ...(outcome.detail ? { detail: outcome.detail } : {}),
        });
      }
      const last = rows[rows.length - 1];
      if (last) after = Number(last.position);
      options.onProgress?.(checked, after);
      if (rows.length < batchSize) break;
    }
    return { checked, broken };
  }

  /** Exists and re-hashes to its address; a read that fails midway is an alteration. */
  private async check(address: string): Promise<Outcome> {
    if (!SHA256_HEX.test(address)) return { ok: false, reason: 'missing', detail: 'the event pins no valid content address' };
    try {
      if (!(await this.store.stat(address))) return { ok: false, reason: 'missing' };
      return (await this.store.verify(address)) ? { ok: true } : { ok: false, reason: 'altered' };
    } catch (error) {
      // Removed between stat and verify, or parts of it unreadable (a chunk gone).
      if (error instanceof DocumentNotStoredError) return { ok: false, reason: 'missing' };
      return { ok: false, reason: 'altered', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** `work` over `items` with at most `limit` at once, answers in the order of the items. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
