import { PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem-details.filter';

/** A path segment that must be a positive integer (tranche and amendment numbers). */
export class PositiveIntPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    const n = Number(value);
    if (!/^\d{1,6}$/.test(value) || n < 1) {
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
