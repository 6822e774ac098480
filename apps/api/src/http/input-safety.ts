import { ProblemException } from './problem-details.filter';

/**
 * Rules every request passes before any route sees it, whatever the route: no key that could
 * reach an object's prototype, no text PostgreSQL or the hash chain cannot hold faithfully, no
 * nesting deep enough to exhaust the stack, no number JavaScript cannot represent exactly, no id
 * longer than any id the engine issues.
 */

/** Keys refused at any depth of a body or query: they reach prototypes in naive merges. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Longest id in a path or a body, and longest user and correlation id (project ids have 36
 * characters, data subject ids 44, reminder ids about 70).
 */
export const MAX_ID_LENGTH = 128;

/** Longest `Idempotency-Key`: room for a client's own request id with a prefix. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Deepest nesting of objects and arrays in a body (the deepest command body has 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** At most this many problems are listed in one answer. */
const MAX_PROBLEMS = 20;

/** One refused part of a request, with the stable code of the rule it breaks. */
export interface InputViolation {
  readonly code: 'REQUEST.FORBIDDEN_KEY' | 'REQUEST.INVALID_TEXT' | 'REQUEST.TOO_DEEP' | 'REQUEST.VALIDATION_FAILED';
  readonly field: string;
  readonly message: string;
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored as given (NUL characters, unpaired UTF-16 surrogates), or
 * undefined when it can.
 *
 * @example
 * textProblem('a\u0000b'); // 'must not contain NUL characters'
 * textProblem('Bến Lức'); // undefined
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * The path of a member in the notation of validation errors: `beneficiary.contact.name`,
 * `tranches[0].amountVnd`; `$` is the whole value.
 *
 * @example
 * memberPath('tranches', '0', true); // 'tranches[0]'
 */
export function memberPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  return parent === '$' ? key : `${parent}.${key}`;
}

/**
 * Walks a parsed body, query or path value (without recursion, so no depth exhausts the stack)
 * and lists what breaks the rules: forbidden keys, bad text in keys or values, nesting deeper
 * than `MAX_JSON_DEPTH`. Never reads through a prototype.
 *
 * @example
 * inspectInput(JSON.parse('{"a":{"__proto__":{}}}'));
 * // [{ code: 'REQUEST.FORBIDDEN_KEY', field: 'a.__proto__', message: 'the key __proto__ is not allowed' }]
 */
export function inspectInput(value: unknown, root = '$'): InputViolation[] {
  const out: InputViolation[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && out.length < MAX_PROBLEMS) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) out.push({ code: 'REQUEST.INVALID_TEXT', field: item.path, message: problem });
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) {
      out.push({ code: 'REQUEST.TOO_DEEP', field: item.path, message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep` });
      continue;
    }
    const inArray = Array.isArray(item.value);
    const keys = Object.keys(item.value);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      const path = memberPath(item.path, key, inArray);
      if (FORBIDDEN_KEYS.has(key)) {
        out.push({ code: 'REQUEST.FORBIDDEN_KEY', field: path, message: `the key ${key} is not allowed` });
        continue;
      }
      const keyProblem = textProblem(key);
      if (keyProblem) {
        out.push({ code: 'REQUEST.INVALID_TEXT', field: path, message: `key ${keyProblem}` });
        continue;
      }
      const descriptor = Object.getOwnPropertyDescriptor(item.value, key);
      stack.push({ value: descriptor?.value, path, depth: item.depth + 1 });
    }
  }
  return out;
}

/**
 * Lists the numbers of a validated value that JavaScript cannot represent exactly (beyond
 * ±`Number.MAX_SAFE_INTEGER`: such a number was rounded while parsing, so it is not the number
 * the caller sent), that are infinite, or that are `NaN` (a text converted to a number).
 *
 * @example
 * unsafeNumbers({ minPosition: 1e20 }); // [{ code: 'REQUEST.VALIDATION_FAILED', field: 'minPosition', … }]
 */
export function unsafeNumbers(value: unknown, root = '$'): InputViolation[] {
  const out: InputViolation[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && out.length < MAX_PROBLEMS) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'number') {
      if (Number.isNaN(item.value)) out.push({ code: 'REQUEST.VALIDATION_FAILED', field: item.path, message: 'must be a number' });
      else if (!Number.isFinite(item.value) || Math.abs(item.value) > Number.MAX_SAFE_INTEGER) {
        out.push({ code: 'REQUEST.VALIDATION_FAILED', field: item.path, message: `must be a number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}` });
      }
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null || item.depth >= MAX_JSON_DEPTH) continue;
    const inArray = Array.isArray(item.value);
    for (const key of Object.keys(item.value)) {
      stack.push({ value: Object.getOwnPropertyDescriptor(item.value, key)?.value, path: memberPath(item.path, key, inArray), depth: item.depth + 1 });
    }
  }
  return out;
}

/**
 * The 400 answer for violations: the code of the first, every one listed in `errors`.
 *
 * @example
 * const violations = inspectInput(req.body);
 * if (violations.length > 0) throw refusal(violations, 'The request body');
 */
export function refusal(violations: readonly InputViolation[], what: string): ProblemException {
  const first = violations[0] as InputViolation;
  const errors = violations.map(({ field, message }) => ({ field, message }));
  return new ProblemException({
    status: 400,
    code: first.code,
    detail: `${what} is refused: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    errors,
  });
}
