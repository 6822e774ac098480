import type { SqlDatabase, SqlEventStore, SqlExecutor } from '@app/event-store';
import { openValue, sealedStrings, subjectOf } from './personal-data-cipher';
import { SubjectKeys } from './subject-keys';

export interface ErasureResult {
  readonly subjectId: string;
  readonly status: 'erased' | 'already_erased';
  /** Stored webhook deliveries whose copies of the data were blanked. */
  readonly scrubbedDeliveries: number;
}

/** The subject has no key: it never had personal data in the log. */
export class UnknownSubjectError extends Error {
  constructor(readonly subjectId: string) {
    super(`Unknown data subject ${subjectId}`);
  }
}

/**
 * Erasure by crypto-shredding: the subject's key is destroyed, so every sealed value of it in
 * the log (and in any export or backup of the log) can no longer be read, while the events and
 * their hash chain stay untouched. Copies of the clear values outside the log are removed in
 * the same transaction (stored webhook bodies), and the read models re-fold the subject's
 * stream so they show `[erased]`. A second erasure is a no-op.
 *
 * @example
 * await erasure.erase('project_019a…'); // { status: 'erased', … }
 */
export class DataSubjectErasure {
  private readonly keys = new SubjectKeys();

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: SqlEventStore,
    private readonly hooks: {
      /** Removes copies of the clear values kept outside the log (e.g. stored webhook bodies); returns how many rows. */
      readonly scrub: (tx: SqlExecutor, values: readonly string[]) => Promise<number>;
      /** Re-folds the subject's stream into the read models. */
      readonly refold: (streamId: string) => Promise<void>;
      /** Records the erasure in the log (without personal data). */
      readonly record: (subjectId: string, scrubbed: number) => Promise<void>;
    },
  ) {}

  async erase(subjectId: string): Promise<ErasureResult> {
    const known = await this.keys.find(this.db, [subjectId]);
    if (!known.has(subjectId)) throw new UnknownSubjectError(subjectId);
    const key = known.get(subjectId);
    if (!key) return { subjectId, status: 'already_erased', scrubbedDeliveries: 0 };
    const streamId = subjectId.startsWith('project_') ? `project-${subjectId.slice('project_'.length)}` : undefined;

    // The clear values, read before the key goes: copies of them outside the log are removed.
    const clear = new Set<string>();
    if (streamId) {
      for (const event of await this.store.readStream(streamId)) {
        for (const sealed of sealedStrings(event.data)) {
          if (subjectOf(sealed) === subjectId) clear.add(openValue(key, sealed));
        }
      }
    }
    const scrubbed = await this.db.transaction(async (tx) => {
      const outcome = await this.keys.destroy(tx, subjectId);
      if (outcome !== 'erased') return -1;
      return this.hooks.scrub(tx, [...clear]);
    });
    if (scrubbed < 0) return { subjectId, status: 'already_erased', scrubbedDeliveries: 0 };
    await this.hooks.record(subjectId, scrubbed);
    if (streamId) await this.hooks.refold(streamId);
    return { subjectId, status: 'erased', scrubbedDeliveries: scrubbed };
  }
}
