/*
 * How the console writes amounts and dates, in both languages: amounts as `1.234.567 ₫` and
 * dates as `dd/mm/yyyy`, the forms Vietnamese administrative papers use. Built by hand rather
 * than with Intl so the output does not change with the browser's ICU data.
 */

/** The province's time zone: deadlines and "today" are Vietnamese dates (UTC+7, no DST). */
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * An amount of đồng with dots between thousands and the đồng sign.
 *
 * @example
 * formatVnd(1234567); // '1.234.567 ₫'
 */
export function formatVnd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return `${groupThousands(amount)} ₫`;
}

/** Digits grouped by dots, with a minus sign for negative amounts. */
export function groupThousands(amount: number): string {
  const digits = String(Math.trunc(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return amount < 0 ? `-${digits}` : digits;
}

/**
 * Reads an amount typed by a person: dots, spaces and the đồng sign are ignored.
 * Returns undefined for anything that is not a whole number of đồng.
 *
 * @example
 * parseVnd('150.000.000 ₫'); // 150000000
 */
export function parseVnd(text: string, allowNegative = false): number | undefined {
  const cleaned = text.replace(/[\s.₫đ]/gi, '').replace(/^\+/, '');
  if (!(allowNegative ? /^-?\d{1,16}$/ : /^\d{1,16}$/).test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * A calendar date `YYYY-MM-DD` as `dd/mm/yyyy` (no time zone involved).
 *
 * @example
 * formatDate('2026-03-02'); // '02/03/2026'
 */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/**
 * Reads `dd/mm/yyyy` (or `d/m/yyyy`) into `YYYY-MM-DD`; undefined when it is not a real date.
 *
 * @example
 * parseDate('2/3/2026'); // '2026-03-02'
 */
export function parseDate(text: string): string | undefined {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The Vietnamese calendar date of an instant, `YYYY-MM-DD`. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant as `dd/mm/yyyy HH:mm`, Vietnamese time.
 *
 * @example
 * formatInstant('2026-03-02T02:00:00Z'); // '02/03/2026 09:00'
 */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '—';
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  const local = new Date(time + VN_OFFSET_MS).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

const BYTE_UNITS = ['KB', 'MB', 'GB'] as const;

/**
 * A size in bytes as a person reads it, with a decimal comma: `820 B`, `1,5 KB`, `20 MB`.
 * One decimal below ten units, whole units above (binary units, as file managers show).
 *
 * @example
 * formatBytes(1536); // '1,5 KB'
 * formatBytes(20 * 1024 * 1024); // '20 MB'
 */
export function formatBytes(size: number | null | undefined): string {
  if (size === null || size === undefined || !Number.isFinite(size) || size < 0) return '—';
  if (size < 1024) return `${groupThousands(size)} B`;
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  // 1023,96 KB rounds to 1.024 KB: say 1 MB instead.
  if (rounded >= 1024 && unit < BYTE_UNITS.length - 1) return `1 ${BYTE_UNITS[unit + 1]}`;
  const text = Number.isInteger(rounded) ? groupThousands(rounded) : String(rounded).replace('.', ',');
  return `${text} ${BYTE_UNITS[unit]}`;
}

/** A month `YYYY-MM` as `mm/yyyy`. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${match[2]}/${match[1]}` : month;
}

/** Reads `mm/yyyy` into `YYYY-MM`. */
export function parseMonth(text: string): string | undefined {
  const match = /^\s*(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return undefined;
  return `${match[2]}-${String(month).padStart(2, '0')}`;
}

/** A score with one decimal, the Vietnamese way (`7,5`). */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return (Math.round(score * 100) / 100).toString().replace('.', ',');
}

/**
 * Text without Vietnamese diacritics, lower case, for matching what a person types.
 *
 * @example
 * foldDiacritics('Kẹo khóm Đức Hòa'); // 'keo khom duc hoa'
 */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
