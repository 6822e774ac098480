import { PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem-details.filter';

/**
 * A path segment that must be a positive integer of at most 6 digits (tranche and amendment
 * numbers). The global pipe has already refused anything but decimal digits and converted the
 * segment to a number when the parameter is declared a `number`.
 *
 * @example
 * @Param('no', new PositiveIntPipe('no')) no: number
 */
export class PositiveIntPipe implements PipeTransform<string | number, number> {
  constructor(private readonly name: string) {}

  transform(value: string | number): number {
    const text = String(value);
    const n = Number(text);
    if (!/^\d{1,6}$/.test(text) || n < 1) {
      throw new ProblemException({
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        detail: `${this.name} must be a positive integer`,
        errors: [{ field: this.name, message: 'must be a positive integer' }],
      });
    }
    return n;
  }
}

/** A command whose body must be empty (`{}` or none): every field given is refused. */
export function refuseFields(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: 'The body must be an empty JSON object', errors: [{ field: '$', message: 'must be an empty object' }] });
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw new ProblemException({
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      detail: fields.map((f) => `${f}: property ${f} should not exist`).join('; '),
      errors: fields.map((field) => ({ field, message: `property ${field} should not exist` })),
    });
  }
}
