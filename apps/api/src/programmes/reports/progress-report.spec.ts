import { Workbook } from 'exceljs';
import { assembleReport, type ProgressReportRow } from './progress-report';
import { AMOUNT_FORMAT, progressReportCsv, progressReportXlsx, roman, vietnameseMoment } from './progress-report.render';
import { parseReportPeriod, type ReportPeriod } from './report-period';

const row = (over: Partial<ProgressReportRow>): ProgressReportRow => ({
  projectId: 'p',
  title: 'Đề án',
  beneficiary: 'HTX Thạnh Lợi',
  commune: '27694',
  category: 'MACHINERY',
  categoryNameVi: 'Ứng dụng máy móc thiết bị tiên tiến',
  approvedVnd: 100_000_000,
  disbursedVnd: 0,
  progressPercent: null,
  status: 'approved',
  statusVi: 'Đã phê duyệt',
  ...over,
});

const report = () =>
  assembleReport(
    {
      programme: { id: 'pg', code: 'KCDP', name: 'Khuyến công "địa phương"' },
      period: parseReportPeriod('2026-Q2') as ReportPeriod,
      figuresAt: '2026-07-01T02:30:00Z',
      source: 'read-models',
    },
    [
      row({ projectId: 'a', title: 'Máy sấy', disbursedVnd: 70_000_000 }),
      row({ projectId: 'b', title: 'Lớp dạy nghề, đan lát', category: 'TRAINING', categoryNameVi: 'Đào tạo nghề, truyền nghề', approvedVnd: 50_000_005 }),
      row({ projectId: 'c', title: 'Bản nháp', approvedVnd: null, status: 'draft', statusVi: 'Nháp' }),
    ],
  );

describe('assembleReport', () => {
  it('groups in vocabulary order with the sums of each group and of the whole, the total in words', () => {
    const r = report();
    expect(r.groups.map((g) => [g.category, g.rows.map((x) => x.projectId), g.approvedVnd, g.disbursedVnd])).toEqual([
      ['TRAINING', ['b'], 50_000_005, 0],
      ['MACHINERY', ['a', 'c'], 100_000_000, 70_000_000],
    ]);
    expect(r.total).toEqual({ count: 3, approvedVnd: 150_000_005, disbursedVnd: 70_000_000 });
    expect(r.totalInWords).toBe('Một trăm năm mươi triệu không trăm linh năm đồng');
  });
});

describe('progress report files', () => {
  it('writes CSV with a BOM, quoted fields where needed, and marked subtotal and total lines', () => {
    const text = progressReportCsv(report());
    expect(text.startsWith('\uFEFFLoại dòng,STT,Tên đề án,')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Loại dòng,STT,Tên đề án,Đơn vị thụ hưởng,Xã/phường,Nội dung,Kinh phí được duyệt (đồng),Đã giải ngân (đồng),Tiến độ (%),Tình trạng',
      'project,1,"Lớp dạy nghề, đan lát",HTX Thạnh Lợi,27694,"Đào tạo nghề, truyền nghề",50000005,0,,Đã phê duyệt',
      'subtotal,I,"Cộng I: Đào tạo nghề, truyền nghề",,,"Đào tạo nghề, truyền nghề",50000005,0,,',
      'project,2,Máy sấy,HTX Thạnh Lợi,27694,Ứng dụng máy móc thiết bị tiên tiến,100000000,70000000,,Đã phê duyệt',
      'project,3,Bản nháp,HTX Thạnh Lợi,27694,Ứng dụng máy móc thiết bị tiên tiến,,0,,Nháp',
      'subtotal,II,Cộng II: Ứng dụng máy móc thiết bị tiên tiến,,,Ứng dụng máy móc thiết bị tiên tiến,100000000,70000000,,',
      'total,,TỔNG CỘNG,,,,150000005,70000000,,',
      '',
    ]);
  });

  it('writes a workbook whose amounts are numbers in #,##0 and whose head names the programme and the period', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await progressReportXlsx(report())) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell(2, 1).value).toBe('Chương trình: Khuyến công "địa phương" (KCDP)');
    expect(sheet?.getCell(3, 1).value).toBe('Kỳ báo cáo: Quý II năm 2026 (từ 01/04/2026 đến 30/06/2026)');
    expect(sheet?.getCell(4, 1).value).toBe('Số liệu tính đến 09:30 ngày 01/07/2026');
    // Row 7: group I; row 8: its project.
    expect([sheet?.getCell(7, 1).value, sheet?.getCell(8, 6).value, sheet?.getCell(8, 6).numFmt]).toEqual(['I', 50_000_005, AMOUNT_FORMAT]);
  });

  it('numbers groups in Roman numerals and writes instants in Vietnamese time', () => {
    expect([1, 2, 3, 4, 5, 9, 14, 19].map(roman)).toEqual(['I', 'II', 'III', 'IV', 'V', 'IX', 'XIV', 'XIX']);
    expect(vietnameseMoment('2026-03-31T17:00:00Z')).toBe('00:00 ngày 01/04/2026');
  });
});
