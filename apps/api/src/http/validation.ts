import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem-details.filter';

/** Flattens nested validation errors into `field.path: message` entries. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * The global pipe: unknown fields are refused (mass assignment), types are checked and
 * converted, and every problem is answered at once as a 400 naming the fields.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
