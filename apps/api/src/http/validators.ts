import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min, ValidationOptions } from 'class-validator';

/**
 * An amount of đồng: an integer, not negative, exactly representable. Fields ending in `Vnd`
 * use it so "1.5", "1e21" or "1000" (a string) are refused with the field named.
 */
export function IsVnd(options: ApiPropertyOptions & { optional?: boolean; allowNegative?: boolean } = {}): PropertyDecorator {
  const { optional, allowNegative, ...api } = options;
  const validation: ValidationOptions = { message: '$property must be an integer number of VND' };
  return applyDecorators(
    ...(optional ? [IsOptional()] : []),
    IsInt(validation),
    Min(allowNegative ? -Number.MAX_SAFE_INTEGER : 0, validation),
    Max(Number.MAX_SAFE_INTEGER, validation),
    ApiProperty({ type: 'integer', format: 'int64', example: 150_000_000, required: !optional, ...api } as ApiPropertyOptions),
  );
}

/** A calendar date `YYYY-MM-DD`. */
export function IsLocalDate(options: ApiPropertyOptions & { optional?: boolean } = {}): PropertyDecorator {
  const { optional, ...api } = options;
  return applyDecorators(
    ...(optional ? [IsOptional()] : []),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be a real calendar date YYYY-MM-DD' }),
    ApiProperty({ type: 'string', format: 'date', example: '2026-05-01', required: !optional, ...api } as ApiPropertyOptions),
  );
}

/** An ISO-8601 instant with an offset (`2026-03-02T09:00:00+07:00`). */
export function IsInstant(options: ApiPropertyOptions & { optional?: boolean } = {}): PropertyDecorator {
  const { optional, ...api } = options;
  return applyDecorators(
    ...(optional ? [IsOptional()] : []),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO-8601 instant with offset, e.g. 2026-03-02T09:00:00+07:00',
    }),
    IsISO8601({ strict: true }, { message: '$property must be a valid instant' }),
    ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-20T17:00:00+07:00', required: !optional, ...api } as ApiPropertyOptions),
  );
}

/**
 * The optional `limit` of a list query: an integer from 1 to `max` (given as a query string);
 * the handler applies `defaultValue` when it is absent.
 *
 * @example
 * @IsPageLimit({ max: 200, defaultValue: 50 }) readonly limit?: number;
 */
export function IsPageLimit(options: { max: number; defaultValue: number }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: options.max, default: options.defaultValue }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(options.max),
  );
}
