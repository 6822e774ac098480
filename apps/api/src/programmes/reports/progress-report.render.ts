import { type Font, Workbook } from 'exceljs';
import { localDateOf, VN_OFFSET_MINUTES } from '@app/domain';
import type { ProgressReport, ProgressReportRow } from './progress-report';

/** The report's title, as the centres head it. */
export const REPORT_TITLE = 'BÁO CÁO TIẾN ĐỘ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG';

/** The table's columns, in order. */
export const REPORT_COLUMNS = [
  'STT',
  'Tên đề án',
  'Đơn vị thụ hưởng',
  'Xã/phường',
  'Nội dung',
  'Kinh phí được duyệt (đồng)',
  'Đã giải ngân (đồng)',
  'Tiến độ (%)',
  'Tình trạng',
] as const;

/**
 * Amounts are numbers shown with digit grouping. `#,##0` names the grouping, not the character:
 * Excel and LibreOffice draw it with the reader's locale, so a Vietnamese locale shows
 * `150.000.000` and an English one `150,000,000`, and the cell stays a number to sum.
 */
export const AMOUNT_FORMAT = '#,##0';

/** The marker of each CSV line in its first column. */
export type CsvLineKind = 'project' | 'subtotal' | 'total';

const ROMAN: readonly [number, string][] = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** A group number in Roman numerals (I, II, …), as the group rows of the table number them. */
export function roman(n: number): string {
  let rest = n;
  let text = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      text += letters;
      rest -= value;
    }
  }
  return text;
}

/** `dd/mm/yyyy` of a calendar date `yyyy-mm-dd`. */
const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');

/** "09:00 ngày 15/04/2026": an instant in Vietnamese time. */
export function vietnameseMoment(instant: string): string {
  const local = new Date(Date.parse(instant) + VN_OFFSET_MINUTES * 60_000).toISOString();
  return `${local.slice(11, 16)} ngày ${ddmmyyyy(localDateOf(instant))}`;
}

/** The lines of the report's head: programme, period, and when the figures stand. */
export function reportHeading(report: ProgressReport): string[] {
  return [
    `Chương trình: ${report.programme.name} (${report.programme.code})`,
    `Kỳ báo cáo: ${report.period.labelVi} (từ ${ddmmyyyy(report.period.from)} đến ${ddmmyyyy(report.period.to)})`,
    `Số liệu tính đến ${vietnameseMoment(report.figuresAt)}`,
  ];
}

const projectCells = (no: number, row: ProgressReportRow) => [
  no,
  row.title,
  row.beneficiary,
  row.commune,
  row.categoryNameVi,
  row.approvedVnd,
  row.disbursedVnd,
  row.progressPercent,
  row.statusVi,
];

/**
 * The report as an XLSX workbook in the shape the centres send upward: title, programme,
 * period and date of the figures; the table grouped by content category (a group row, the
 * projects, a subtotal row), a total row, the total in words, and the signature block.
 *
 * @example
 * const bytes = await progressReportXlsx(report);
 */
export async function progressReportXlsx(report: ProgressReport): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'grants engine';
  workbook.created = new Date(report.figuresAt);
  workbook.modified = new Date(report.figuresAt);
  const sheet = workbook.addWorksheet('Báo cáo tiến độ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [6, 40, 32, 12, 32, 20, 20, 11, 20].map((width) => ({ width }));
  const last = REPORT_COLUMNS.length;
  const across = (row: number, text: string, font: Partial<Font>, from = 1, to: number = last) => {
    sheet.mergeCells(row, from, row, to);
    const cell = sheet.getCell(row, from);
    cell.value = text;
    cell.font = font;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };

  across(1, REPORT_TITLE, { bold: true, size: 14 });
  reportHeading(report).forEach((line, i) => across(2 + i, line, { italic: i === 2 }));

  const headerRow = sheet.getRow(6);
  headerRow.values = [...REPORT_COLUMNS];
  headerRow.font = { bold: true };
  headerRow.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 6 }];

  let no = 0;
  const add = (values: (string | number | null)[], style: 'group' | 'project' | 'subtotal' | 'total') => {
    const row = sheet.addRow(values);
    if (style !== 'project') row.font = { bold: true, italic: style === 'subtotal' };
    row.getCell(6).numFmt = AMOUNT_FORMAT;
    row.getCell(7).numFmt = AMOUNT_FORMAT;
    row.getCell(1).alignment = { horizontal: 'center' };
    return row;
  };
  report.groups.forEach((group, i) => {
    add([roman(i + 1), group.nameVi, null, null, null, null, null, null, null], 'group');
    for (const row of group.rows) add(projectCells(++no, row), 'project');
    add([null, `Cộng ${roman(i + 1)}: ${group.nameVi}`, null, null, null, group.approvedVnd, group.disbursedVnd, null, null], 'subtotal');
  });
  const totalRow = add([null, 'TỔNG CỘNG', null, null, null, report.total.approvedVnd, report.total.disbursedVnd, null, null], 'total');
  for (let r = 6; r <= totalRow.number; r += 1) {
    for (let c = 1; c <= last; c += 1) {
      sheet.getCell(r, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    }
  }

  const words = totalRow.number + 2;
  sheet.mergeCells(words, 1, words, last);
  sheet.getCell(words, 1).value = `Bằng chữ: ${report.totalInWords}`;
  sheet.getCell(words, 1).font = { italic: true };

  const place = words + 2;
  across(place, '…, ngày … tháng … năm …', { italic: true }, 7, 9);
  across(place + 1, 'NGƯỜI LẬP BIỂU', { bold: true }, 1, 3);
  across(place + 1, 'KẾ TOÁN', { bold: true }, 4, 6);
  across(place + 1, 'GIÁM ĐỐC', { bold: true }, 7, 9);
  across(place + 2, '(Ký, ghi rõ họ tên)', { italic: true }, 1, 3);
  across(place + 2, '(Ký, ghi rõ họ tên)', { italic: true }, 4, 6);
  across(place + 2, '(Ký, họ tên, đóng dấu)', { italic: true }, 7, 9);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV field: quoted when it holds a separator, a quote or a line break. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The same rows as CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters; CRLF
 * lines): a header row, then each project, each category's subtotal and the total, marked in the
 * first column `Loại dòng` as `project`, `subtotal` or `total`. Amounts are plain integers.
 *
 * @example
 * const text = progressReportCsv(report); // '\uFEFFLoại dòng,STT,Tên đề án,…'
 */
export function progressReportCsv(report: ProgressReport): string {
  const lines: (string | number | null)[][] = [['Loại dòng', ...REPORT_COLUMNS]];
  let no = 0;
  const line = (kind: CsvLineKind, cells: (string | number | null)[]) => lines.push([kind, ...cells]);
  report.groups.forEach((group, i) => {
    for (const row of group.rows) line('project', projectCells(++no, row));
    line('subtotal', [roman(i + 1), `Cộng ${roman(i + 1)}: ${group.nameVi}`, null, null, group.nameVi, group.approvedVnd, group.disbursedVnd, null, null]);
  });
  line('total', [null, 'TỔNG CỘNG', null, null, null, report.total.approvedVnd, report.total.disbursedVnd, null, null]);
  return `\uFEFF${lines.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`;
}
