import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { inspectInput, MAX_ID_LENGTH, memberPath, refusal, unsafeNumbers } from './input-safety';
import { ProblemException } from './problem-details.filter';
import { DECIMAL_DIGITS } from './validators';

/** Flattens nested validation errors into `field.path: message` entries. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const error of errors) {
    const field = parent ? memberPath(parent, error.property, /^\d+$/.test(error.property)) : error.property;
    // Rules sharing one message (an integer within a range) are reported once.
    for (const message of new Set(Object.values(error.constraints ?? {}))) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

const SOURCES = { body: 'The request body', query: 'The query', param: 'The path' } as const;

/**
 * Class validation with the input rules on top, for every body, query and path value of every
 * route: before class-transformer sees a query or path value, forbidden keys, bad text and too
 * deep nesting are refused (`inspectInput`; a body was walked once already, by `checkJsonBody`
 * right after the JSON parser) and so are path segments longer than `MAX_ID_LENGTH`; after
 * validation, numbers that are not exactly representable (`unsafeNumbers`), such as
 * `minPosition=99999999999999999999`, are refused naming the field.
 */
export class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const source = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param' ? metadata.type : undefined;
    if (!source) return super.transform(value, metadata);
    const root = metadata.data ?? '$';
    const before = source === 'body' ? [] : inspectInput(value, root);
    if (source === 'param') before.push(...overlongSegments(value, root));
    // A number in the path or query string (`/tranches/:no`) is decimal digits: Number() would read 1e3, 0x10 or '' too.
    if (source !== 'body' && metadata.metatype === Number && typeof value === 'string' && !DECIMAL_DIGITS.test(value)) {
      before.push({ code: 'REQUEST.VALIDATION_FAILED', field: root, message: 'must be a whole number in decimal digits' });
    }
    if (before.length > 0) throw refusal(before, SOURCES[source]);
    const result: unknown = await super.transform(value, metadata);
    const after = unsafeNumbers(result, root);
    if (after.length > 0) throw refusal(after, SOURCES[source]);
    return result;
  }
}

/** Path segments longer than any id (`@Param('id')` gives a string, `@Param()` an object of them). */
function overlongSegments(value: unknown, root: string) {
  const entries: [string, unknown][] = typeof value === 'object' && value !== null ? Object.entries(value) : [[root, value]];
  return entries
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > MAX_ID_LENGTH)
    .map(([field]) => ({ code: 'REQUEST.VALIDATION_FAILED' as const, field, message: `must be at most ${MAX_ID_LENGTH} characters` }));
}

/**
 * The global pipe: unknown fields are refused (mass assignment), types are checked and
 * converted, and every problem is answered at once as a 400 naming the fields; the input rules
 * of `EdgeValidationPipe` apply first.
 */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      return new ProblemException({
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        detail: list.map((e) => `${e.field}: ${e.message}`).join('; ') || 'The request is invalid',
        errors: list,
      });
    },
  });
}
