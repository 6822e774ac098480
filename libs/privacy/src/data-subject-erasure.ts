import type { DatabaseEventStore, SqlDatabase, SqlExecutor, SqlStoreTransaction } from '@app/event-store';
import { ERASED, openValue, sealedStrings, subjectOf } from './personal-data-cipher';
import { SubjectKeys } from './subject-keys';

export interface ErasureResult {
  readonly subjectId: string;
  /** `erased` when this request destroyed the key; `already_erased` when an earlier one had. */
  readonly status: 'erased' | 'already_erased';
  /** Stored webhook deliveries whose copies of the data were blanked. */
  readonly scrubbedDeliveries: number;
}

/** Who asked for an erasure (recorded in the log). */
export interface ErasureActor {
  readonly id: string;
  readonly roles: readonly string[];
}

/** What an erasure does besides destroying the key, each step inside the erasure's transaction. */
export interface ErasureHooks {
  /** Removes copies of the clear values kept outside the log (e.g. stored webhook bodies); returns how many rows. */
  readonly scrub: (tx: SqlExecutor, values: readonly string[]) => Promise<number>;
  /**
   * Clear values of the stream that the read models still show (left there by an erasure that
   * stopped half-way, before erasures were atomic): they are scrubbed too, since the destroyed
   * key can no longer name them.
   */
  readonly remnants?: (tx: SqlExecutor, streamId: string) => Promise<readonly string[]>;
  /** Re-folds the subject's stream into the read models. */
  readonly refold: (tx: SqlStoreTransaction, streamId: string) => Promise<void>;
  /** Records the erasure in the log (without personal data), on the stream {@link erasureStreamOf}. */
  readonly record: (tx: SqlStoreTransaction, subjectId: string, scrubbed: number, actor?: ErasureActor) => Promise<void>;
  /** Runs once the erasure committed (wakes the log's readers). */
  readonly committed?: () => void;
}

/** The subject has no key: it never had personal data in the log. */
export class UnknownSubjectError extends Error {
  constructor(readonly subjectId: string) {
    super(`Unknown data subject ${subjectId}`);
  }
}

/** The log stream recording a subject's erasure. */
export const erasureStreamOf = (subjectId: string): string => `data-subject-${subjectId}`;

/** The event stream whose personal data belongs to a subject (projects only), or undefined. */
export function streamOfSubject(subjectId: string): string | undefined {
  return subjectId.startsWith('project_') ? `project-${subjectId.slice('project_'.length)}` : undefined;
}

/**
 * Erasure by crypto-shredding: the subject's key is destroyed, so every sealed value of it in
 * the log (and in any export or backup of the log) can no longer be read, while the events and
 * their hash chain stay untouched. In the same transaction, copies of the clear values outside
 * the log are removed (stored webhook bodies), the read models re-fold the subject's stream so
 * they show `[erased]`, and the erasure is recorded in the log: a crash at any point leaves all
 * of it or none. Every read goes through that transaction (the embedded database has a single
 * connection). A repeated request finds the key gone, answers `already_erased`, and still
 * re-scrubs, re-folds and records what is missing, so it finishes an erasure that stopped
 * half-way.
 *
 * @example
 * await erasure.erase('project_019a…'); // { status: 'erased', … }
 */
export class DataSubjectErasure {
  constructor(
    private readonly db: SqlDatabase,
    private readonly store: DatabaseEventStore,
    private readonly hooks: ErasureHooks,
    private readonly keys: SubjectKeys = new SubjectKeys(),
  ) {}

  async erase(subjectId: string, actor?: ErasureActor): Promise<ErasureResult> {
    const result = await this.store.transaction((tx) => this.eraseWithin(tx, subjectId, actor));
    this.hooks.committed?.();
    return result;
  }

  private async eraseWithin(tx: SqlStoreTransaction, subjectId: string, actor: ErasureActor | undefined): Promise<ErasureResult> {
    const known = await this.keys.lock(tx, subjectId);
    if (known === undefined) throw new UnknownSubjectError(subjectId);
    const streamId = streamOfSubject(subjectId);

    // The clear values, read before the key goes: copies of them outside the log are removed.
    const clear = new Set<string>();
    if (streamId && known) {
      for (const event of await tx.readStream(streamId)) {
        for (const sealed of sealedStrings(event.data)) {
          if (subjectOf(sealed) !== subjectId) continue;
          try {
            clear.add(openValue(known, sealed));
          } catch {
            // A value that does not open reads as `[erased]` everywhere already: nothing to blank.
          }
        }
      }
    }
    if (streamId && this.hooks.remnants) for (const value of await this.hooks.remnants(tx, streamId)) clear.add(value);
    clear.delete(ERASED);

    if (known) await this.keys.destroy(tx, subjectId);
    const scrubbed = clear.size > 0 ? await this.hooks.scrub(tx, [...clear]) : 0;
    if (streamId) await this.hooks.refold(tx, streamId);
    const recorded = (await tx.readStream(erasureStreamOf(subjectId))).some((e) => e.type === 'DataSubjectErased');
    if (!recorded) await this.hooks.record(tx, subjectId, scrubbed, actor);
    return { subjectId, status: known ? 'erased' : 'already_erased', scrubbedDeliveries: scrubbed };
  }
}
