import type { SqlDatabase, SqlExecutor } from '@app/event-store';
import { ERASED, mapStrings, openValue, sealedStrings, sealValue, someString, subjectOf } from './personal-data-cipher';
import { SubjectKeys } from './subject-keys';

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
 * household business. Taken from the project's (opened) state and from the events about to be
 * written, so a value introduced by a draft update is protected from its first event on.
 *
 * @example
 * personalValues(state, [{ type: 'ProjectDraftCreated', data: { beneficiary } }]) // Set { 'Nguyễn Thị Hoa', '0912…' }
 */
export function personalValues(state: unknown, events: readonly { type: string; data: unknown }[]): Set<string> {
  const values = new Set<string>();
  const s = state as { status?: string; proposal?: { beneficiary?: BeneficiaryLike } } | undefined;
  if (s && s.status !== 'none') fromBeneficiary(s.proposal?.beneficiary, values);
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
 * @example
 * const sealed = await guard.seal('project-p1', events, state);
 * const opened = await guard.open(await store.readStream('project-p1'));
 */
export class PersonalDataGuard {
  constructor(
    private readonly db: SqlDatabase,
    /** The subject keys (wrapped under the configured key-encryption key). */
    private readonly keys: SubjectKeys = new SubjectKeys(),
  ) {}

  async seal<E extends { type: string; data: unknown }>(streamId: string, events: readonly E[], state: unknown, sql: SqlExecutor = this.db): Promise<E[]> {
    if (!streamId.startsWith('project-')) return [...events];
    const values = personalValues(state, events);
    if (values.size === 0) return [...events];
    if (!events.some((e) => someString(e.data, (str) => values.has(str)))) return [...events];
    const subject = subjectOfProject(streamId.slice('project-'.length));
    const key = await this.keys.obtain(sql, subject);
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
    const keys = await this.keys.find(sql, subjects);
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
}
