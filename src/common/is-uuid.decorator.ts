import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { isUuid } from './uuid';

/**
 * A body or query field that must be a UUID, by the same pattern as a path's UuidPipe: class-validator's own
 * `IsUUID('all')` also demands a version and variant digit, so an id one accepted the other could refuse.
 */
export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUuid',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isUuid(value),
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be a UUID`, options),
      },
    },
    options,
  );
}
