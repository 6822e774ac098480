/*
 * The progress report's periods as the dashboard offers them, and the name of the file the engine
 * sends (docs/reports.md).
 */

/** A period of the progress report: its code for the API and the message that names it. */
export interface ReportPeriodOption {
  /** `2026`, `2026-Q1` … `2026-Q4`, `2026-H1`, `2026-H2`. */
  readonly code: string;
  readonly label: { readonly key: string; readonly params: Readonly<Record<string, string | number>> };
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

/**
 * The periods of a year in the order a report picker lists them: the year, its halves, its
 * quarters.
 *
 * @example
 * reportPeriods(2026).map((p) => p.code); // ['2026', '2026-H1', '2026-H2', '2026-Q1', …, '2026-Q4']
 */
export function reportPeriods(year: number): ReportPeriodOption[] {
  return [
    { code: String(year), label: { key: 'report.period.year', params: { year } } },
    { code: `${year}-H1`, label: { key: 'report.period.h1', params: { year } } },
    { code: `${year}-H2`, label: { key: 'report.period.h2', params: { year } } },
    ...ROMAN.map((roman, i) => ({ code: `${year}-Q${i + 1}`, label: { key: 'report.period.quarter', params: { quarter: roman, year } } })),
  ];
}

/**
 * The period to offer first on a day (`YYYY-MM-DD`): the last quarter that has ended in the
 * programme's year, or the year itself when none has (or the year is over).
 *
 * @example
 * defaultReportPeriod(2026, '2026-05-10'); // '2026-Q1'
 * defaultReportPeriod(2026, '2027-02-01'); // '2026'
 */
export function defaultReportPeriod(year: number, today: string): string {
  const todayYear = Number(today.slice(0, 4));
  if (todayYear !== year) return String(year);
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  return quarter === 0 ? String(year) : `${year}-Q${quarter}`;
}

/**
 * The file name of a `Content-Disposition` header: the exact name of `filename*` (RFC 8187,
 * UTF-8) when it is there and readable, else the plain `filename`, else `fallback`.
 *
 * @example
 * fileNameOf("attachment; filename=\"Bao cao.xlsx\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.xlsx", 'report.xlsx'); // 'Báo cáo.xlsx'
 */
export function fileNameOf(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(disposition)?.[1]?.trim();
  if (extended) {
    const match = /^([\w-]+)'[^']*'(.*)$/.exec(extended.replace(/^"|"$/g, ''));
    if (match?.[1] && /^utf-8$/i.test(match[1]) && match[2]) {
      try {
        const name = decodeURIComponent(match[2]);
        if (safeName(name)) return name;
      } catch {
        // A malformed escape: fall back to the plain name.
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(disposition)?.[1]?.trim();
  if (plain) {
    const name = plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, '$1') : plain;
    if (safeName(name)) return name;
  }
  return fallback;
}

/** A name the browser may save under: not empty, no folder separator, no control character. */
function safeName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.trim() !== '' && !/[/\\\u0000-\u001f]/.test(name);
}
