import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * A JSON object whose values are finite numbers within [min, max] and whose keys are plain
 * codes (`fit`, `jobs`, `revenueVnd`).
 *
 * @example
 * @IsNumberMap({ min: 0, max: 10 }) readonly scores!: Record<string, number>;
 */
export function IsNumberMap(bounds: { min?: number; max?: number; maxKeys?: number } = {}, options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNumberMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          if (entries.length > (bounds.maxKeys ?? 50)) return false;
          return entries.every(
            ([key, v]) =>
              /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key) &&
              typeof v === 'number' &&
              Number.isFinite(v) &&
              v >= (bounds.min ?? -Number.MAX_SAFE_INTEGER) &&
              v <= (bounds.max ?? Number.MAX_SAFE_INTEGER),
          );
        },
        defaultMessage(args: ValidationArguments): string {
          const range = bounds.min !== undefined && bounds.max !== undefined ? ` between ${bounds.min} and ${bounds.max}` : '';
          return `${args.property} must be an object of codes to numbers${range}`;
        },
      },
    });
  };
}
