import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './domain-error';
import { isUuid } from './uuid';

/** Path parameters that must be UUIDs: a bad one is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUuid(value)) {
      throw new RequestValidationError([{ parameter: metadata.data ?? 'id', detail: 'Must be a UUID.', code: 'isUuid' }]);
    }
    return value.toLowerCase();
  }
}
