import type { SqlDatabase, SqlExecutor } from '@app/event-store';
import { ERASED, mapStrings, PERSONAL_DATA_PREFIX, openValue, sealedStrings, sealValue, someString, subjectOf } from './personal-data-cipher';
import { SubjectKey, SubjectKeys } from './subject-keys';

/** The data subject of a project's personal data: its establishment's people. */
export const subjectOfProject = (projectId: string): string => `project_${projectId}`;

interface BeneficiaryLike {
  readonly name?: string;
  readonly kind?: string;
  readonly contact?: { readonly name?: string; readonly phone?: string };
}

function fromBeneficiary(beneficiary: BeneficiaryLike | undefined, into: Set<string>): void {
  if (!beneficiary) return;
  if (beneficiary.contact?.name) into.add(beneficiary.contact.name);
  if (beneficiary.contact?.phone) into.add(beneficiary.contact.phone);
  // A household business is a natural person: its name is the owner's.
  if (beneficiary.kind === 'household_business' && beneficiary.name) into.add(beneficiary.name);
}

/**
 * The personal values of a project: its contact person's name and phone, and the name of a
 * household business, of its beneficiary and of any beneficiary an amendment names. Taken from
 * the project's (opened) state and from the events about to be
 * written, so a value introduced by a draft update is protected from its first event on.
 *
 * @example
 * personalValues(state, [{ type: 'ProjectDraftCreated', data: { beneficiary } }]) // Set { 'Nguyễn Thị Hoa', '0912…' }
 */
export function personalValues(state: unknown, events: readonly { type: string; data: unknown }[]): Set<string> {
  const values = new Set<string>();
  const s = state as
    | { status?: string; proposal?: { beneficiary?: BeneficiaryLike }; execution?: { amendments?: readonly { changes?: { beneficiary?: BeneficiaryLike } }[] } }
    | undefined;
  if (s && s.status !== 'none') {
    fromBeneficiary(s.proposal?.beneficiary, values);
    // The beneficiary a pending (or approved) amendment names is as personal as the current one.
    for (const amendment of s.execution?.amendments ?? []) fromBeneficiary(amendment.changes?.beneficiary, values);
  }
  for (const event of events) {
    const d = event.data as { beneficiary?: BeneficiaryLike; changes?: { beneficiary?: BeneficiaryLike } } | undefined;
    fromBeneficiary(d?.beneficiary, values);
    fromBeneficiary(d?.changes?.beneficiary, values);
  }
  values.delete(ERASED);
  return values;
}

/**
 * Seals personal data before it enters the log and opens it when events are read: every string
 * of an event equal to one of the project's personal values is replaced by a value sealed with
 * the project subject's key (AES-256-GCM). Once the key is destroyed, opening gives `[erased]`.
 * The log, its hashes and its exports hold ciphertext only.
 *
 * Each call reads the keys it needs from the database, so an erasure in any process makes the
 * data unreadable at once. A guard {@link forCommand} keeps the keys it read or made for one
 * command, so a command reads or makes each subject's key once: opening its stream and sealing
 * its new events share the read.
 *
 * @example
 * const sealed = await guard.seal('project-p1', events, state);
 * const opened = await guard.open(await store.readStream('project-p1'));
 */
export class PersonalDataGuard {
  constructor(
    private readonly db: SqlDatabase,
    /** The subject keys (wrapped under the configured key-encryption key). */
    private readonly keys: SubjectKeys = new SubjectKeys(),
    /** Keys read or made so far, kept only by a guard for one command. */
    private readonly known?: Map<string, SubjectKey>,
  ) {}

  /**
   * A guard for one command: the keys it reads or makes are kept until the command ends (it is
   * dropped with the command), so opening the stream and sealing the new events read a key once.
   *
   * @example
   * const guard = shared.forCommand();
   * const state = fold(await guard.open(events));
   * await store.append(await guard.seal('project-p1', decided, state));
   */
  forCommand(): PersonalDataGuard {
    return new PersonalDataGuard(this.db, this.keys, new Map());
  }

  /**
   * Whether any of the events holds sealed personal data (the command path keeps no state of
   * such a stream between commands, so no opened value outlives an erasure).
   *
   * @example
   * guard.holdsSealed(await store.readStreamToFold('project-p1')); // true once a contact was sealed
   */
  holdsSealed(events: readonly { data: unknown }[]): boolean {
    return events.some((e) => someString(e.data, (str) => str.startsWith(PERSONAL_DATA_PREFIX)));
  }

  async seal<E extends { type: string; data: unknown }>(streamId: string, events: readonly E[], state: unknown, sql: SqlExecutor = this.db): Promise<E[]> {
    if (!streamId.startsWith('project-')) return [...events];
    const values = personalValues(state, events);
    if (values.size === 0) return [...events];
    if (!events.some((e) => someString(e.data, (str) => values.has(str)))) return [...events];
    const subject = subjectOfProject(streamId.slice('project-'.length));
    const key = await this.obtain(sql, subject);
    return events.map((e) => ({
      ...e,
      data: mapStrings(e.data, (str) => {
        if (!values.has(str)) return str;
        // After an erasure nothing new about the subject is kept readable.
        return key ? sealValue(key, subject, str) : ERASED;
      }),
    }));
  }

  async open<E extends { data: unknown }>(events: readonly E[], sql: SqlExecutor = this.db): Promise<E[]> {
    const sealedPerEvent = events.map((e) => sealedStrings(e.data));
    const sealed = new Set(sealedPerEvent.flatMap((set) => [...set]));
    if (sealed.size === 0) return [...events];
    const subjects = [...new Set([...sealed].map((s) => subjectOf(s)).filter((s): s is string => s !== undefined))];
    const keys = await this.find(sql, subjects);
    const cache = new Map<string, string>();
    const openOne = (str: string): string => {
      const subject = subjectOf(str);
      if (!subject) return str;
      const known = cache.get(str);
      if (known !== undefined) return known;
      const key = keys.get(subject);
      let value = ERASED;
      if (key) {
        try {
          value = openValue(key, str);
        } catch {
          value = ERASED;
        }
      }
      cache.set(str, value);
      return value;
    };
    return events.map((e, i) => (sealedPerEvent[i]?.size ? { ...e, data: mapStrings(e.data, openOne) } : e));
  }

  /** The subject's key, made on first use; kept for the command when this guard is one's. */
  private async obtain(sql: SqlExecutor, subject: string): Promise<SubjectKey> {
    if (this.known?.has(subject)) return this.known.get(subject) ?? null;
    const key = await this.keys.obtain(sql, subject);
    this.known?.set(subject, key);
    return key;
  }

  /** Keys of the subjects (unknown ones left out), reading only those not kept yet. */
  private async find(sql: SqlExecutor, subjects: readonly string[]): Promise<Map<string, SubjectKey>> {
    const known = this.known;
    if (!known) return this.keys.find(sql, subjects);
    const missing = subjects.filter((s) => !known.has(s));
    for (const [subject, key] of await this.keys.find(sql, missing)) known.set(subject, key);
    return known;
  }
}
