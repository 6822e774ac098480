import { Workbook, type Worksheet } from 'exceljs';
import type { Response } from 'supertest';
import { createDraft, DRAFT, headers, MAIN_PATH, payOrders, send, type Step } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(120_000);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const stepIndex = (command: string, from = 0) => MAIN_PATH.findIndex((s, i) => i >= from && s.command === command);
/** Tranche 1 is approved on 23 June; the treasury confirms its payment on 25 June. */
const AMENDMENT = stepIndex('RequestAmendment');
const SIGN = stepIndex('SignContract');

/** Collects a binary answer (supertest leaves unknown media types unread). */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A line of the report's table, read back from the sheet. */
interface SheetLine {
  readonly kind: 'group' | 'project' | 'subtotal' | 'total';
  readonly cells: readonly unknown[];
}

/** The table under the header row (row 6) down to the total row. */
function tableOf(sheet: Worksheet): SheetLine[] {
  const lines: SheetLine[] = [];
  for (let r = 7; r <= sheet.rowCount; r += 1) {
    const cells = Array.from({ length: 9 }, (_, c) => sheet.getCell(r, c + 1).value);
    const [no, name] = cells;
    const kind = typeof no === 'number' ? 'project' : name === 'TỔNG CỘNG' ? 'total' : String(name).startsWith('Cộng ') ? 'subtotal' : 'group';
    lines.push({ kind, cells });
    if (kind === 'total') break;
  }
  return lines;
}

/** A CSV text's lines and fields (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 10));
}

interface ListedProject {
  id: string;
  title: string;
  status: string;
  category: string;
  approvedVnd: number | null;
  disbursedVnd: number;
}

describe('progress reports (GET /programmes/{id}/reports/progress)', () => {
  let engine: TestEngine;
  let programmeId: string;
  const ids: Record<string, string> = {};
  const officer = () => engine.auth('officer-province', ['officer']);

  /** A new project (its own title and category) driven along the main path until step `stopBefore`. */
  async function project(title: string, category: string, stopBefore: number): Promise<string> {
    const id = await createDraft(engine, programmeId, { title, category });
    const pay = payOrders(engine);
    for (let i = 0; i < stopBefore; i += 1) {
      const step = MAIN_PATH[i] as Step;
      await pay(i, step, id);
      const res = await send(engine, id, step);
      if (res.status >= 300) throw new Error(`${step.command} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return id;
  }

  const report = async (query: string, who = officer()) => {
    const head = await engine.lastPosition();
    return engine.http.get(`/api/v1/programmes/${programmeId}/reports/progress?${query}&minPosition=${head}`).set(who).buffer(true).parse(binary);
  };
  const sheetOf = async (body: Buffer) => {
    const workbook = new Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook.worksheets[0] as Worksheet;
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    engine.clock.set('2026-01-02T02:00:00Z');
    const created = await engine.http
      .post('/api/v1/programmes')
      .set(headers(engine, 'admin'))
      .send({ code: 'KCDP-LA-2026-BC', name: 'Khuyến công địa phương tỉnh Long An năm 2026', year: 2026, fundingSource: 'local', province: '80', budgetVnd: 2_000_000_000, policyId: 'vn-longan-local-2022', registrationOpensOn: '2026-01-05', registrationClosesOn: '2026-05-20' })
      .expect(201);
    programmeId = created.body.id as string;
    // Contracted, tranche 1 (100 000 000) paid on 25 June.
    ids.paid = await project('Dây chuyền sản xuất kẹo khóm', 'MACHINERY', AMENDMENT + 1);
    // Funding approved, no contract.
    ids.approved = await project('Mô hình sấy thanh long', 'DEMO_MODEL', SIGN);
    // A draft only.
    ids.draft = await project('Máy đóng gói bánh tráng', 'MACHINERY', 0);
    // A draft of May: after the first quarter.
    engine.clock.set('2026-05-10T02:00:00Z');
    const late = await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, title: 'Lò nung gạch tuynel', programmeId }).expect(201);
    ids.late = late.body.id as string;
    engine.clock.set('2026-07-15T02:00:00Z');
  });
  afterAll(() => engine?.close());

  it('sends the XLSX form whose rows, subtotals and total match GET /programmes/{id} and GET /projects', async () => {
    const res = await report('period=2026');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Bao cao tien do KCDP-LA-2026-BC 2026.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20ti%E1%BA%BFn%20%C4%91%E1%BB%99%20KCDP-LA-2026-BC%202026.xlsx`,
    );
    const sheet = await sheetOf(res.body as Buffer);
    expect([1, 2, 3, 4].map((r) => sheet.getCell(r, 1).value)).toEqual([
      'BÁO CÁO TIẾN ĐỘ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG',
      'Chương trình: Khuyến công địa phương tỉnh Long An năm 2026 (KCDP-LA-2026-BC)',
      'Kỳ báo cáo: Năm 2026 (từ 01/01/2026 đến 31/12/2026)',
      'Số liệu tính đến 09:00 ngày 15/07/2026',
    ]);
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'STT',
      'Tên đề án',
      'Đơn vị thụ hưởng',
      'Xã/phường',
      'Nội dung',
      'Kinh phí được duyệt (đồng)',
      'Đã giải ngân (đồng)',
      'Tiến độ (%)',
      'Tình trạng',
    ]);

    const programme = (await engine.http.get(`/api/v1/programmes/${programmeId}`).set(officer()).expect(200)).body;
    const listed = (await engine.http.get(`/api/v1/projects?programmeId=${programmeId}&limit=100`).set(officer()).expect(200)).body.items as ListedProject[];
    expect(listed).toHaveLength(4);
    const table = tableOf(sheet);
    expect(table.map((l) => l.kind)).toEqual(['group', 'project', 'subtotal', 'group', 'project', 'project', 'project', 'subtotal', 'total']);
    // Groups in category order, named as the policy names them.
    expect(table.filter((l) => l.kind === 'group').map((l) => l.cells.slice(0, 2))).toEqual([
      ['I', 'Mô hình trình diễn kỹ thuật'],
      ['II', 'Ứng dụng máy móc thiết bị tiên tiến'],
    ]);

    const rows = table.filter((l) => l.kind === 'project');
    expect(rows.map((l) => l.cells[0])).toEqual([1, 2, 3, 4]);
    const byTitle = new Map(rows.map((l) => [l.cells[1], l.cells]));
    for (const item of listed) {
      const cells = byTitle.get(item.title);
      expect({ title: item.title, approved: cells?.[5] ?? null, disbursed: cells?.[6], beneficiary: cells?.[2], commune: cells?.[3] }).toEqual({
        title: item.title,
        approved: item.approvedVnd,
        disbursed: item.disbursedVnd,
        beneficiary: DRAFT.beneficiary.name,
        commune: 'Phường Long An',
      });
    }
    const paid = byTitle.get('Dây chuyền sản xuất kẹo khóm') as unknown[];
    expect(paid.slice(4)).toEqual(['Ứng dụng máy móc thiết bị tiên tiến', 150_000_000, 100_000_000, 75, 'Đang thực hiện']);
    expect((byTitle.get('Mô hình sấy thanh long') as unknown[]).slice(5)).toEqual([150_000_000, 0, null, 'Đã phê duyệt']);
    expect((byTitle.get('Máy đóng gói bánh tráng') as unknown[]).slice(5)).toEqual([null, 0, null, 'Nháp']);

    const subtotals = table.filter((l) => l.kind === 'subtotal').map((l) => [l.cells[1], l.cells[5], l.cells[6]]);
    expect(subtotals).toEqual([
      ['Cộng I: Mô hình trình diễn kỹ thuật', 150_000_000, 0],
      ['Cộng II: Ứng dụng máy móc thiết bị tiên tiến', 150_000_000, 100_000_000],
    ]);
    const total = table[table.length - 1] as SheetLine;
    const approvedSum = listed.reduce((n, i) => n + (i.approvedVnd ?? 0), 0);
    expect([total.cells[5], total.cells[6]]).toEqual([approvedSum, programme.budget.disbursedVnd]);
    expect([approvedSum, programme.budget.disbursedVnd, programme.budget.reservedVnd]).toEqual([300_000_000, 100_000_000, 300_000_000]);

    // Amounts are numbers with digit grouping; the total in words and the signature block follow.
    const totalRow = 6 + table.length;
    expect([sheet.getCell(totalRow, 6).numFmt, sheet.getCell(totalRow - 2, 7).numFmt]).toEqual(['#,##0', '#,##0']);
    expect(sheet.getCell(totalRow + 2, 1).value).toBe('Bằng chữ: Ba trăm triệu đồng');
    expect(sheet.getCell(totalRow + 4, 7).value).toBe('…, ngày … tháng … năm …');
    expect([1, 4, 7].map((c) => sheet.getCell(totalRow + 5, c).value)).toEqual(['NGƯỜI LẬP BIỂU', 'KẾ TOÁN', 'GIÁM ĐỐC']);
  });

  it('gives the same rows as CSV (UTF-8 with BOM), the subtotal and total lines marked', async () => {
    const xlsx = tableOf(await sheetOf((await report('period=2026')).body as Buffer));
    const res = await report('period=2026&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Bao cao tien do KCDP-LA-2026-BC 2026\.csv"; filename\*=UTF-8''B%C3%A1o/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = parseCsv(body.toString('utf8').slice(1));
    expect(header).toEqual(['Loại dòng', 'STT', 'Tên đề án', 'Đơn vị thụ hưởng', 'Xã/phường', 'Nội dung', 'Kinh phí được duyệt (đồng)', 'Đã giải ngân (đồng)', 'Tiến độ (%)', 'Tình trạng']);
    expect(lines.map((l) => l[0])).toEqual(['project', 'subtotal', 'project', 'project', 'project', 'subtotal', 'total']);
    const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const fromSheet = xlsx.filter((l) => l.kind !== 'group').map((l) => [l.kind, l.cells[1], l.cells[5], l.cells[6]].map(asText));
    expect(lines.map((l) => [l[0], l[2], l[6], l[7]])).toEqual(fromSheet);
    expect(lines.filter((l) => l[0] === 'project').map((l) => l.slice(1, 10))).toEqual(xlsx.filter((l) => l.kind === 'project').map((l) => l.cells.map(asText)));
  });

  it('as of an instant before a payment, shows the figure of then, replayed from the log', async () => {
    const before = await report('period=2026&asOf=2026-06-24T00:00:00%2B07:00');
    expect(before.status).toBe(200);
    const sheet = await sheetOf(before.body as Buffer);
    expect(sheet.getCell(4, 1).value).toBe('Số liệu tính đến 00:00 ngày 24/06/2026');
    const table = tableOf(sheet);
    const paid = table.find((l) => l.cells[1] === 'Dây chuyền sản xuất kẹo khóm') as SheetLine;
    expect(paid.cells.slice(5)).toEqual([150_000_000, 0, 75, 'Đang thực hiện']);
    expect((table[table.length - 1] as SheetLine).cells.slice(5, 7)).toEqual([300_000_000, 0]);

    const after = tableOf(await sheetOf((await report('period=2026&asOf=2026-06-26T00:00:00%2B07:00')).body as Buffer));
    expect((after.find((l) => l.cells[1] === 'Dây chuyền sản xuất kẹo khóm') as SheetLine).cells[6]).toBe(100_000_000);

    // Earlier still: before the approvals (10 April), and before the May draft existed.
    const march = tableOf(await sheetOf((await report('period=2026&asOf=2026-03-20T00:00:00Z')).body as Buffer));
    const projects = march.filter((l) => l.kind === 'project');
    expect(projects.map((l) => l.cells[1]).sort()).toEqual(['Dây chuyền sản xuất kẹo khóm', 'Máy đóng gói bánh tráng', 'Mô hình sấy thanh long']);
    expect(projects.every((l) => l.cells[5] === null)).toBe(true);
    expect(projects.map((l) => l.cells[8]).sort()).toEqual(['Nháp', 'Đang thẩm định', 'Đang thẩm định']);
  });

  it('holds the projects that existed at the end of the period, titled with the period', async () => {
    const q1 = await sheetOf((await report('period=2026-Q1')).body as Buffer);
    expect(q1.getCell(3, 1).value).toBe('Kỳ báo cáo: Quý I năm 2026 (từ 01/01/2026 đến 31/03/2026)');
    expect(tableOf(q1).filter((l) => l.kind === 'project').map((l) => l.cells[1])).not.toContain('Lò nung gạch tuynel');
    const h1 = await sheetOf((await report('period=2026-H1')).body as Buffer);
    expect(h1.getCell(3, 1).value).toBe('Kỳ báo cáo: 6 tháng đầu năm 2026 (từ 01/01/2026 đến 30/06/2026)');
    expect(tableOf(h1).filter((l) => l.kind === 'project').map((l) => l.cells[1])).toContain('Lò nung gạch tuynel');
  });

  it('seals a household business name for an auditor', async () => {
    const res = await report('period=2026&format=csv', engine.auth('auditor-1', ['auditor']));
    expect(res.status).toBe(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).not.toContain(DRAFT.beneficiary.name);
    expect(parseCsv(text.slice(1)).filter((l) => l[0] === 'project').map((l) => l[3])).toEqual(['[sealed]', '[sealed]', '[sealed]', '[sealed]']);
  });

  it.each([
    ['period=2026-Q5', 'period'],
    ['period=2026-03', 'period'],
    ['period=26', 'period'],
    ['period=1999', 'period'],
    ['format=xlsx', 'period'],
    ['period=2026&format=pdf', 'format'],
    ['period=2026&asOf=yesterday', 'asOf'],
    ['period=2026&asOf=2026-07-16T00:00:00Z', 'asOf'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await engine.http.get(`/api/v1/programmes/${programmeId}/reports/progress?${query}`).set(officer());
    expect({ status: res.status, type: res.headers['content-type'], code: res.body.code, fields: [...new Set((res.body.errors as { field: string }[]).map((e) => e.field))] }).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/problem\+json/),
      code: 'REQUEST.VALIDATION_FAILED',
      fields: [field],
    });
  });

  it('answers 404 for an unknown programme, or one not yet opened at asOf', async () => {
    const unknown = await engine.http.get('/api/v1/programmes/no-such-programme/reports/progress?period=2026').set(officer());
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'PROGRAMME.NOT_FOUND' });
    const early = await engine.http.get(`/api/v1/programmes/${programmeId}/reports/progress?period=2026&asOf=2025-12-01T00:00:00Z`).set(officer());
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 404, code: 'PROGRAMME.NOT_FOUND_AT' });
  });

  it('refuses a token bound by areas (a whole-programme report) and roles that do not report', async () => {
    const bound = await engine.http.get(`/api/v1/programmes/${programmeId}/reports/progress?period=2026`).set(headers(engine, 'officer'));
    expect({ status: bound.status, code: bound.body.code }).toEqual({ status: 403, code: 'AUTH.SCOPE_TOO_NARROW' });
    for (const roles of [['collaborator'], ['appraiser']] as const) {
      const res = await engine.http.get(`/api/v1/programmes/${programmeId}/reports/progress?period=2026`).set(engine.auth('someone', [...roles]));
      expect({ roles, status: res.status, code: res.body.code }).toEqual({ roles, status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    }
  });
});
