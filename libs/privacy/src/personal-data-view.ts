import { ERASED, mapStrings, PERSONAL_DATA_PREFIX } from './personal-data-cipher';
import { personalValues } from './personal-data-guard';

/**
 * What a reader who may not see personal data gets in its place (the value exists and is kept
 * sealed); after an erasure readers get `[erased]` instead, as everyone does.
 */
export const SEALED = '[sealed]';

/** Walks a stored and an opened copy of the same JSON value side by side. */
function concealAlong(stored: unknown, opened: unknown): unknown {
  if (typeof stored === 'string') {
    return stored.startsWith(PERSONAL_DATA_PREFIX) && opened !== ERASED ? SEALED : opened;
  }
  if (Array.isArray(stored) && Array.isArray(opened)) return opened.map((v, i) => concealAlong(stored[i], v));
  if (stored !== null && typeof stored === 'object' && opened !== null && typeof opened === 'object' && !Array.isArray(opened)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(opened)) out[k] = concealAlong((stored as Record<string, unknown>)[k], v);
    return out;
  }
  return opened;
}

/**
 * Opened events as a reader without access to personal data sees them: every value that is
 * sealed in the stored event shows `[sealed]` (or `[erased]` once its key is destroyed).
 * `stored[i]` and `opened[i]` are the same event before and after opening.
 *
 * @example
 * const opened = await guard.open(stored);
 * concealEvents(stored, opened)[0].data.beneficiary.contact; // { name: '[sealed]', phone: '[sealed]' }
 */
export function concealEvents<E extends { data: unknown }>(stored: readonly E[], opened: readonly E[]): E[] {
  return opened.map((event, i) => ({ ...event, data: concealAlong(stored[i]?.data, event.data) }));
}

/**
 * A value built from a project's opened state (its detail, its state at some point) with the
 * project's personal values shown `[sealed]`.
 *
 * @example
 * concealPersonalValues(toProjectDetail(row), row.doc.state).beneficiary.contact.phone; // '[sealed]'
 */
export function concealPersonalValues<T>(value: T, state: unknown): T {
  const personal = personalValues(state, []);
  if (personal.size === 0) return value;
  return mapStrings(value, (str) => (personal.has(str) ? SEALED : str)) as T;
}
