/**
 * Per-year adjustments to Vietnam's statutory public holidays, as announced each year by the
 * government (Thủ tướng / Bộ Nội vụ, formerly Bộ Lao động – Thương binh và Xã hội).
 *
 * The statutory days themselves (Labour Code 2019, art. 112) are computed in `vn-holidays.ts`;
 * this table only carries what a yearly announcement adds or moves, so an operator can add a year
 * by adding a plain object — from configuration or JSON — without touching code:
 *
 * ```ts
 * const data = { ...VN_HOLIDAY_DATA, 2028: { nationalDayCompanion: '09-01', daysOff: [...] } };
 * new BusinessCalendar({ data });
 * ```
 *
 * Announcements concern civil servants (cán bộ, công chức, viên chức); private employers
 * usually follow them but may choose differently, which is another reason this is data.
 */

/** A name in Vietnamese and English. */
export interface LocalizedName {
  readonly vi: string;
  readonly en: string;
}

/** Why a day is off: a public holiday, a compensatory day (nghỉ bù) or a swapped day (hoán đổi). */
export type DayOffKind = 'holiday' | 'compensatory' | 'swap';

/** An extra day off declared for one year. */
export interface DayOffEntry {
  /** `YYYY-MM-DD`, inside the year it is listed under. */
  readonly date: string;
  /** `holiday` adds a one-off or new holiday; the other kinds label announced breaks. */
  readonly kind: DayOffKind;
  /** Defaults to a generic name for the kind. */
  readonly name?: LocalizedName;
}

/** A weekend day declared a working day (the make-up half of a swap, "làm bù"). */
export interface WorkingDayEntry {
  /** `YYYY-MM-DD`, a Saturday or Sunday inside the year it is listed under. */
  readonly date: string;
  readonly name?: LocalizedName;
}

/** What a year's announcement changes. Every field is optional. */
export interface YearHolidayData {
  /**
   * The day taken with National Day (2 September): 1 or 3 September, chosen each year by the
   * Prime Minister. Defaults to `'09-01'` when the year is unknown.
   */
  readonly nationalDayCompanion?: '09-01' | '09-03';
  /**
   * When true (the default) a holiday falling on Saturday or Sunday gives a compensatory day on
   * the next working day, as Labour Code art. 111(3) provides. Set false when the announcement
   * places the compensatory days itself (typically around Tết, where they are often put before
   * the holiday) and list them in `daysOff`; the rule is then off for the whole year.
   */
  readonly autoCompensatory?: boolean;
  /** Days off beyond the statutory holidays. */
  readonly daysOff?: readonly DayOffEntry[];
  /** Weekend days that are working days. */
  readonly workingDays?: readonly WorkingDayEntry[];
  /** Where the entry comes from and how sure it is; for people, not parsed. */
  readonly source?: string;
}

/** Per-year data keyed by Gregorian year. */
export interface HolidayDataTable {
  readonly [year: number]: YearHolidayData | undefined;
}

/**
 * Shipped data. Years not listed (and 2027, whose announcement is not out) use the statutory
 * days with automatic compensatory days; see each entry for how sure it is.
 */
export const VN_HOLIDAY_DATA: HolidayDataTable = {
  2024: {
    source:
      'Government notices for 2024 as widely reported: Tết 8–14 Feb, 27 Apr–1 May with make-up ' +
      'Saturday 4 May, National Day 31 Aug–3 Sep. Confidence: high, not checked against the text.',
    nationalDayCompanion: '09-03',
    // Tết fell on Saturday 10 Feb: the two weekend Tết days were compensated on either side.
    autoCompensatory: false,
    daysOff: [
      { date: '2024-02-08', kind: 'compensatory' },
      { date: '2024-02-14', kind: 'compensatory' },
      { date: '2024-04-29', kind: 'swap' },
    ],
    workingDays: [{ date: '2024-05-04' }],
  },
  2025: {
    source:
      'Government notices for 2025 as widely reported: Tết 25 Jan–2 Feb (9 days, the Monday ' +
      '27 Jan compensating Saturday 1 Feb, no make-up day), 30 Apr–4 May with make-up Saturday ' +
      '26 Apr, National Day 30 Aug–2 Sep. Confidence: high for the breaks; medium on whether ' +
      '27 Jan was labelled compensatory or swapped (a swap would make Saturday 8 Feb a working day).',
    nationalDayCompanion: '09-01',
    autoCompensatory: false,
    daysOff: [
      { date: '2025-01-27', kind: 'compensatory' },
      { date: '2025-05-02', kind: 'swap' },
    ],
    workingDays: [{ date: '2025-04-26' }],
  },
  2026: {
    source:
      'Tết 14–22 Feb 2026 (27 Chạp – mùng 6) as announced equals the statutory days 16–20 Feb ' +
      'plus two weekends, so nothing is added. Giỗ Tổ falls on Sunday 26 Apr: the statutory ' +
      'compensatory Monday 27 Apr comes from the automatic rule. The 2 September companion ' +
      'and any New Year bridge are not known here: statutory defaults (1 September).',
  },
};
