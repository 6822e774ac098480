import { addDays, type Instant, type LocalDate, startOfLocalDay } from '@app/domain';

/** The forms `period` takes: a year, a quarter or a half of a year. */
export const REPORT_PERIOD_PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/;

/** A reporting period of the progress report (quarterly, six-monthly, yearly reports to the Sở and UBND). */
export interface ReportPeriod {
  /** As given: `2026`, `2026-Q1`, `2026-H1`. */
  readonly code: string;
  /** First day (Vietnamese calendar). */
  readonly from: LocalDate;
  /** Last day, inclusive. */
  readonly to: LocalDate;
  /** The instant the period ends (midnight after its last day, Vietnamese time), exclusive. */
  readonly endsAt: Instant;
  /** As the title of the report names it: "Quý I năm 2026", "6 tháng đầu năm 2026", "Năm 2026". */
  readonly labelVi: string;
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Parses `YYYY`, `YYYY-Qn` (n = 1..4) or `YYYY-Hn` (n = 1, 2); undefined for anything else.
 *
 * @example
 * parseReportPeriod('2026-Q1'); // { code: '2026-Q1', from: '2026-01-01', to: '2026-03-31', endsAt: '2026-04-01T00:00:00+07:00', labelVi: 'Quý I năm 2026' }
 */
export function parseReportPeriod(text: string): ReportPeriod | undefined {
  const match = REPORT_PERIOD_PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return undefined;
  const part = match[2];
  let firstMonth = 1;
  let months = 12;
  let labelVi = `Năm ${year}`;
  if (part?.startsWith('Q')) {
    const quarter = Number(part.slice(1));
    firstMonth = 3 * (quarter - 1) + 1;
    months = 3;
    labelVi = `Quý ${ROMAN[quarter - 1] as string} năm ${year}`;
  } else if (part?.startsWith('H')) {
    const half = Number(part.slice(1));
    firstMonth = half === 1 ? 1 : 7;
    months = 6;
    labelVi = `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`;
  }
  const from = `${year}-${pad(firstMonth)}-01`;
  const after = firstMonth + months > 12 ? `${year + 1}-01-01` : `${year}-${pad(firstMonth + months)}-01`;
  return { code: text, from, to: addDays(after, -1), endsAt: startOfLocalDay(after), labelVi };
}
