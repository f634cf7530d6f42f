import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null. class-validator's IsOptional also skips null, which lets a PATCH
 * null out a required column (a 500 from PostgreSQL instead of a 400 naming the field).
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
