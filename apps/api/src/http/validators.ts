import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidationOptions } from 'class-validator';

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

/** The largest log position a query can name (positions are exact JavaScript integers). */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** Plain decimal digits only: no sign, exponent, fraction, hexadecimal, blanks or empty string. */
export const DECIMAL_DIGITS = /^\d{1,16}$/;

/**
 * An optional integer query parameter within `[min, max]`. Only plain decimal digits are read as
 * a number, so `abc`, `1.5`, `1e3`, `0x10`, `-1`, an empty value or a number too long to be
 * exact (`99999999999999999999`) are refused with the field and its range named.
 *
 * @example
 * @IsQueryInt({ min: 0, max: MAX_POSITION, description: 'Wait for this log position' }) readonly minPosition?: number;
 */
export function IsQueryInt(options: ApiPropertyOptions & { min: number; max: number }): PropertyDecorator {
  const { min, max, ...api } = options;
  const validation: ValidationOptions = { message: `$property must be an integer from ${min} to ${max}` };
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', format: max > 2_147_483_647 ? 'int64' : 'int32', minimum: min, maximum: max, ...api } as ApiPropertyOptions),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value)),
    IsInt(validation),
    Min(min, validation),
    Max(max, validation),
  );
}

/**
 * The optional `cursor` of a list query: the `nextCursor` of the previous page, as the list wrote
 * it (the list refuses one it did not write).
 *
 * @example
 * @IsPageCursor() readonly cursor?: string;
 */
export function IsPageCursor(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description: 'nextCursor of the previous page' }), IsOptional(), IsString(), MaxLength(512));
}

/**
 * The optional `limit` of a list query: an integer from 1 to `max` (given as a query string);
 * the handler applies `defaultValue` when it is absent.
 *
 * @example
 * @IsPageLimit({ max: 200, defaultValue: 50 }) readonly limit?: number;
 */
export function IsPageLimit(options: { max: number; defaultValue: number }): PropertyDecorator {
  return IsQueryInt({ min: 1, max: options.max, default: options.defaultValue });
}
