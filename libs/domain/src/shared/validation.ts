import { isInstant } from './calendar';
import { DomainError } from './errors';
import { isVnd, type Vnd } from './money';
import { isLocalDate, type Instant, type LocalDate } from './time';

/*
 * Field checks shared by the deciders. The HTTP edge validates shapes first; these run again in
 * the domain because commands also arrive from the CLI, process managers and replays of old
 * requests, and a decider must never record a fact built on a malformed value.
 */

/**
 * A non-blank string, or `COMMAND.FIELD_REQUIRED` (invalid).
 *
 * @example
 * const reason = requireText('reason', command.reason);
 */
export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('invalid', 'COMMAND.FIELD_REQUIRED', `${field} is required`, { field });
  }
  return value;
}

/**
 * An optional string: `undefined` stays `undefined`, anything else must be non-blank text.
 *
 * @example
 * const comment = optionalText('comment', command.comment);
 */
export function optionalText(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireText(field, value);
}

/**
 * An integer amount of VND (`positive` refuses zero), or `MONEY.INVALID_AMOUNT` (invalid).
 *
 * @example
 * requireVnd('totalCostVnd', 300_000_000, { positive: true });
 */
export function requireVnd(field: string, value: unknown, options: { positive: boolean }): Vnd {
  if (!isVnd(value) || (options.positive && value === 0)) {
    throw new DomainError(
      'invalid',
      'MONEY.INVALID_AMOUNT',
      `${field} must be ${options.positive ? 'a positive' : 'a non-negative'} integer number of VND`,
      { field, value, positive: options.positive },
    );
  }
  return value;
}

/**
 * A calendar date `YYYY-MM-DD`, or `DATE.INVALID` (invalid).
 *
 * @example
 * requireLocalDate('plannedStart', '2026-04-01');
 */
export function requireLocalDate(field: string, value: unknown): LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    throw new DomainError('invalid', 'DATE.INVALID', `${field} must be a date YYYY-MM-DD`, { field, value });
  }
  return value;
}

/**
 * An ISO-8601 instant with offset, or `DATE.INVALID` (invalid).
 *
 * @example
 * requireInstant('at', '2026-03-02T09:00:00+07:00');
 */
export function requireInstant(field: string, value: unknown): Instant {
  if (!isInstant(value)) {
    throw new DomainError('invalid', 'DATE.INVALID', `${field} must be an instant with offset`, { field, value });
  }
  return value;
}

/**
 * A finite number, or `COMMAND.INVALID_FIELD` (invalid).
 *
 * @example
 * requireNumber('percentComplete', 40);
 */
export function requireNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', `${field} must be a number`, { field, value });
  }
  return value;
}

/**
 * A record of finite numbers (indicators), or `COMMAND.INVALID_FIELD` (invalid).
 *
 * @example
 * requireIndicators('indicators', { jobs: 12, outputTonnes: 40 });
 */
export function requireIndicators(field: string, value: unknown): Readonly<Record<string, number>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', `${field} must be an object of numbers`, { field });
  }
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(value)) out[key] = requireNumber(`${field}.${key}`, n);
  return out;
}

/**
 * A list of non-blank strings, or `COMMAND.INVALID_FIELD` (invalid).
 *
 * @example
 * requireTextList('evidenceRefs', ['doc-17']);
 */
export function requireTextList(field: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', `${field} must be a list of non-blank strings`, {
      field,
    });
  }
  return value as string[];
}

/**
 * Rounds to two decimals, half away from zero, as scores are printed in appraisal minutes.
 *
 * @example
 * round2(6.666666); // 6.67
 */
export function round2(value: number): number {
  return Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * 100) / 100;
}
