import { ArgumentMetadata, ArgumentsHost } from '@nestjs/common';
import { silentLogger } from '@app/observability';
import { ReadYourWritesQuery } from './common.dto';
import { inspectInput, MAX_JSON_DEPTH, textProblem, unsafeNumbers } from './input-safety';
import { isInputError, ProblemDetailsFilter, ProblemException } from './problem-details.filter';
import { createValidationPipe } from './validation';

const fields = (list: readonly { field: string }[]) => list.map((v) => v.field);

describe('the input rules', () => {
  it('names NUL characters and unpaired surrogates, and lets paired ones and Vietnamese through', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain NUL characters');
    expect(textProblem('a\ud800')).toBe('must not contain unpaired UTF-16 surrogates');
    expect(textProblem('\udc00a')).toBe('must not contain unpaired UTF-16 surrogates');
    expect(textProblem('\udc00\ud800')).toBe('must not contain unpaired UTF-16 surrogates');
    expect(textProblem('Cơ sở Bến Lức 🍍')).toBeUndefined();
  });

  it('finds __proto__, constructor and prototype keys at any depth, by their path', () => {
    const parsed: unknown = JSON.parse('{"a":{"__proto__":{"x":1}},"b":[{"c":{"prototype":1}}],"constructor":{"prototype":{}}}');
    const found = inspectInput(parsed);
    expect(found.every((v) => v.code === 'REQUEST.FORBIDDEN_KEY')).toBe(true);
    expect(fields(found).sort()).toEqual(['a.__proto__', 'b[0].c.prototype', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('finds bad text in keys and values, under the root it is given', () => {
    expect(inspectInput({ title: 'ok', 'k\u0000': 'v', list: ['x', 'y\ud83d'] }, 'q')).toEqual([
      { code: 'REQUEST.INVALID_TEXT', field: 'q.k\u0000', message: 'key must not contain NUL characters' },
      { code: 'REQUEST.INVALID_TEXT', field: 'q.list[1]', message: 'must not contain unpaired UTF-16 surrogates' },
    ]);
    expect(inspectInput('a\u0000', 'id')).toEqual([{ code: 'REQUEST.INVALID_TEXT', field: 'id', message: 'must not contain NUL characters' }]);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels without exhausting the stack`, () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(inspectInput(deep)).toEqual([expect.objectContaining({ code: 'REQUEST.TOO_DEEP' })]);
    const ok = JSON.parse(`${'{"a":'.repeat(MAX_JSON_DEPTH - 1)}1${'}'.repeat(MAX_JSON_DEPTH - 1)}`) as unknown;
    expect(inspectInput(ok)).toEqual([]);
  });

  it('finds numbers that are not exact, infinite or not numbers', () => {
    expect(fields(unsafeNumbers({ a: 1e20, b: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER - 2], c: Infinity, d: NaN, e: 2.5 }))).toEqual(
      expect.arrayContaining(['a', 'b[1]', 'c', 'd']),
    );
    expect(unsafeNumbers({ e: 2.5, f: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });
});

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();
  const query: ArgumentMetadata = { type: 'query', metatype: ReadYourWritesQuery };
  const refusal = async (value: unknown, metadata: ArgumentMetadata) => {
    try {
      await pipe.transform(value, metadata);
    } catch (error) {
      if (error instanceof ProblemException) return error.problem;
      throw error;
    }
    throw new Error('accepted');
  };

  it('reads minPosition from decimal digits up to the largest exact integer', async () => {
    await expect(pipe.transform({ minPosition: '42' }, query)).resolves.toEqual({ minPosition: 42 });
    await expect(pipe.transform({ minPosition: String(Number.MAX_SAFE_INTEGER) }, query)).resolves.toEqual({ minPosition: Number.MAX_SAFE_INTEGER });
    for (const value of ['99999999999999999999', '9007199254740992', '-1', '1.5', '1e3', '0x10', '', ' 4', 'abc']) {
      const problem = await refusal({ minPosition: value }, query);
      expect(problem).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'minPosition' }] });
    }
  });

  it('refuses over-long, NUL-carrying and non-decimal path parameters naming them', async () => {
    expect(await refusal('x'.repeat(129), { type: 'param', data: 'id', metatype: String })).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'id' }] });
    expect(await refusal('a\u0000', { type: 'param', data: 'id', metatype: String })).toMatchObject({ code: 'REQUEST.INVALID_TEXT', errors: [{ field: 'id' }] });
    expect(await refusal('1e3', { type: 'param', data: 'no', metatype: Number })).toMatchObject({ errors: [{ field: 'no' }] });
    await expect(pipe.transform('x'.repeat(128), { type: 'param', data: 'id', metatype: String })).resolves.toHaveLength(128);
    await expect(pipe.transform('12', { type: 'param', data: 'no', metatype: Number })).resolves.toBe(12);
  });
});

describe('errors of reading input', () => {
  it('are the caller’s: parse and range errors and PostgreSQL data exceptions', () => {
    expect(isInputError(new SyntaxError('Unexpected token'))).toBe(true);
    expect(isInputError(new RangeError('Invalid time value'))).toBe(true);
    expect(isInputError(Object.assign(new Error('value "99999999999" is out of range for type integer'), { code: '22003', severity: 'ERROR' }))).toBe(true);
    expect(isInputError(Object.assign(new Error('relation does not exist'), { code: '42P01', severity: 'ERROR' }))).toBe(false);
    expect(isInputError(new TypeError('x is undefined'))).toBe(false);
  });
});

describe('the Problem Details filter', () => {
  /** The status and code the filter answers an error with. */
  function answer(error: unknown): { status: number; code: string } {
    let sent = { status: 0, code: '' };
    const response = {
      headersSent: false,
      setHeader: () => response,
      vary: () => response,
      status: (status: number) => ({ type: () => ({ send: (text: string) => (sent = { status, code: (JSON.parse(text) as { code: string }).code }) }) }),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'GET', originalUrl: '/api/v1/x', headers: {} }) }) } as unknown as ArgumentsHost;
    new ProblemDetailsFilter(silentLogger).catch(error, host);
    return sent;
  }

  it('answers errors of reading the request with 4xx and keeps 500 for the engine’s own', () => {
    expect(answer(new URIError('URI malformed'))).toEqual({ status: 400, code: 'REQUEST.INVALID_TEXT' });
    expect(answer(new RangeError('Invalid time value'))).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    expect(answer(new SyntaxError('Unexpected token'))).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    expect(answer(Object.assign(new Error('out of range for type integer'), { code: '22003', severity: 'ERROR' }))).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    expect(answer(Object.assign(new Error('request aborted'), { status: 400, expose: true }))).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    expect(answer(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413, limit: 10 }))).toEqual({ status: 413, code: 'REQUEST.TOO_LARGE' });
    expect(answer(new TypeError('x is undefined'))).toEqual({ status: 500, code: 'INTERNAL' });
  });
});
