import { fieldOf, type FieldSpec, initialValues, toBody, validate } from '../src/forms';
import { foldDiacritics, formatDate, formatInstant, formatVnd, parseDate, parseMonth, parseVnd } from '../src/format';

describe('amounts and dates as Vietnamese papers write them', () => {
  it('writes đồng with dots and the sign, and reads them back', () => {
    expect(formatVnd(1_234_567)).toBe('1.234.567 ₫');
    expect(formatVnd(0)).toBe('0 ₫');
    expect(formatVnd(-20_000_000)).toBe('-20.000.000 ₫');
    expect(formatVnd(null)).toBe('—');
    expect(parseVnd('150.000.000 ₫')).toBe(150_000_000);
    expect(parseVnd('1 500 000')).toBe(1_500_000);
    expect(parseVnd('1,5')).toBeUndefined();
    expect(parseVnd('-5')).toBeUndefined();
    expect(parseVnd('-5.000', true)).toBe(-5000);
    expect(parseVnd('99999999999999999')).toBeUndefined();
  });

  it('writes dates dd/mm/yyyy, reads only real ones, and shows instants in Vietnamese time', () => {
    expect(formatDate('2026-03-02')).toBe('02/03/2026');
    expect(parseDate('2/3/2026')).toBe('2026-03-02');
    expect(parseDate('29/02/2026')).toBeUndefined();
    expect(parseDate('2026-03-02')).toBeUndefined();
    expect(parseMonth('7/2026')).toBe('2026-07');
    expect(parseMonth('13/2026')).toBeUndefined();
    expect(formatInstant('2026-03-02T17:30:00Z')).toBe('03/03/2026 00:30');
  });

  it('matches typed words without diacritics', () => {
    expect(foldDiacritics('Kẹo khóm Đức Hòa')).toBe('keo khom duc hoa');
  });
});

describe('forms as data', () => {
  const fields: FieldSpec<{ max: number }>[] = [
    { name: 'reason', kind: 'longtext' },
    { name: 'amountVnd', kind: 'vnd', initial: () => '150.000.000' },
    { name: 'decidedOn', kind: 'date' },
    { name: 'declarations.noDoubleFunding', kind: 'confirm' },
    { name: 'recommend', kind: 'yesno' },
    { name: 'evidenceRefs', kind: 'list', optional: true },
    { name: 'scores', kind: 'scores', criteria: (c) => ({ codes: ['fit', 'cost'], min: 0, max: c.max }) },
    { name: 'tranches', kind: 'tranches' },
    { name: 'indicators', kind: 'indicators', optional: true },
  ];
  const context = { max: 10 };

  it('names every problem before anything is sent', () => {
    const values = { ...initialValues(fields, context), decidedOn: '31/02/2026', scores: { fit: '11', cost: '5' } };
    expect(validate(fields, values, context)).toEqual({
      reason: { key: 'error.required' },
      decidedOn: { key: 'error.date' },
      'declarations.noDoubleFunding': { key: 'error.mustConfirm' },
      recommend: { key: 'error.required' },
      scores: { key: 'error.score', params: { min: 0, max: 10 } },
      tranches: { key: 'error.required' },
    });
  });

  it('builds the request body the API expects', () => {
    const values = {
      reason: '  Thiếu hóa đơn ',
      amountVnd: '150.000.000',
      decidedOn: '02/03/2026',
      'declarations.noDoubleFunding': true,
      recommend: 'no',
      evidenceRefs: 'HĐ số 12\nBiên bản bàn giao, ',
      scores: { fit: '8', cost: '7,5' },
      tranches: [{ no: '1', kind: 'advance', amount: '105.000.000' }],
      indicators: 'jobs = 12\noutputTonsPerDay: 2,5',
    };
    expect(validate(fields, values, context)).toEqual({});
    expect(toBody(fields, values)).toEqual({
      reason: 'Thiếu hóa đơn',
      amountVnd: 150_000_000,
      decidedOn: '2026-03-02',
      declarations: { noDoubleFunding: true },
      recommend: false,
      evidenceRefs: ['HĐ số 12', 'Biên bản bàn giao'],
      scores: { fit: 8, cost: 7.5 },
      tranches: [{ no: 1, kind: 'advance', amountVnd: 105_000_000 }],
      indicators: { jobs: 12, outputTonsPerDay: 2.5 },
    });
  });

  it('finds the field a server error names', () => {
    const names = ['beneficiary.contact.phone', 'beneficiary.name', 'tranches'];
    expect(fieldOf('beneficiary.contact.phone', names)).toBe('beneficiary.contact.phone');
    expect(fieldOf('tranches[1].amountVnd', names)).toBe('tranches');
    expect(fieldOf('declarations', names)).toBeUndefined();
  });
});
