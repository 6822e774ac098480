import { answerLanguage } from './language';
import { localized, ProblemDetails } from './problem-details.filter';

describe('the language of an answer', () => {
  it('is English without a header, with a malformed one or with only other languages', () => {
    expect(answerLanguage(undefined)).toBe('en');
    expect(answerLanguage('')).toBe('en');
    expect(answerLanguage(';;,q=')).toBe('en');
    expect(answerLanguage('fr, de;q=0.9')).toBe('en');
    expect(answerLanguage('*')).toBe('en');
  });

  it('is Vietnamese when asked for, by primary tag', () => {
    expect(answerLanguage('vi')).toBe('vi');
    expect(answerLanguage('vi-VN')).toBe('vi');
    expect(answerLanguage('VI-vn, en;q=0.8')).toBe('vi');
    expect(answerLanguage('fr, vi;q=0.1')).toBe('vi');
  });

  it('honours q-values, a language’s own range over *, and q=0 as a refusal', () => {
    expect(answerLanguage('en;q=0.5, vi')).toBe('vi');
    expect(answerLanguage('vi;q=0.4, en;q=0.6')).toBe('en');
    expect(answerLanguage('en;q=0, *')).toBe('vi');
    expect(answerLanguage('vi;q=0')).toBe('en');
    expect(answerLanguage('vi;q=2, en;q=0.1')).toBe('en');
    expect(answerLanguage(['en;q=0.2', 'vi;q=0.3'])).toBe('vi');
  });

  it('takes the range named first among equal q-values', () => {
    expect(answerLanguage('vi, en')).toBe('vi');
    expect(answerLanguage('en, vi')).toBe('en');
  });
});

describe('a problem in Vietnamese', () => {
  const base: ProblemDetails = { type: 'urn:problem:FUNDING.BUDGET_EXCEEDED', title: 'Conflict', status: 409, detail: 'The programme cannot carry this support', code: 'FUNDING.BUDGET_EXCEEDED' };

  it('keeps the English problem as it is', () => {
    expect(localized(base, 'en')).toBe(base);
  });

  it('has the status’s Vietnamese title and the code’s message with its details, and the same code', () => {
    expect(localized({ ...base, details: { availableVnd: 5_000_000 } }, 'vi')).toEqual({
      ...base,
      details: { availableVnd: 5_000_000 },
      title: 'Xung đột với quy tắc nghiệp vụ',
      detail: 'Ngân sách chương trình không đủ (còn 5.000.000).',
    });
  });

  it('names the fields of field errors, whose own messages stay', () => {
    const invalid: ProblemDetails = { ...base, status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: 'x', errors: [{ field: 'a', message: 'must be a string' }, { field: 'a', message: 'must not be empty' }, { field: 'b.c', message: 'must be a number' }] };
    const vi = localized(invalid, 'vi');
    expect(vi.detail).toBe('Một số trường chưa đúng định dạng. Trường: a, b.c.');
    expect(vi.title).toBe('Yêu cầu không hợp lệ');
    expect(vi.errors).toEqual(invalid.errors);
  });

  it('keeps the English detail of a code outside the catalogue', () => {
    expect(localized({ ...base, status: 406, code: 'HTTP.406', detail: 'Not Acceptable' }, 'vi')).toMatchObject({ detail: 'Not Acceptable', title: 'Conflict' });
  });
});
