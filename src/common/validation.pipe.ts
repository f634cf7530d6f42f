import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationError } from './domain-error';

/**
 * The global pipe (registered as APP_PIPE so test apps behave like production). Unknown fields are rejected, and
 * every rejected field becomes one `errors[]` entry with a JSON pointer (body) or a parameter name (query, path).
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && !this.isPrimitiveOrBuiltIn(metadata.metatype)) {
      if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError([{ pointer: '', detail: 'The request body must be a JSON object.', code: 'type' }]);
      }
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof RequestValidationError && metadata.type !== 'body') {
        throw new RequestValidationError(
          (error.errors ?? []).map(({ pointer, ...rest }) =>
            metadata.type === 'param' || metadata.type === 'query'
              ? { parameter: metadata.data ?? pointerToName(pointer), ...rest }
              : { pointer, ...rest },
          ),
        );
      }
      throw error;
    }
  }

  private isPrimitiveOrBuiltIn(metatype: unknown): boolean {
    return [String, Boolean, Number, Array, Object].includes(metatype as never);
  }
}

function pointerToName(pointer: string | undefined): string {
  return (pointer ?? '').replace(/^\//, '').replace(/\//g, '.');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${prefix}/${escapePointer(error.property)}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, detail]) => ({
      pointer,
      detail: code === 'whitelistValidation' ? `Unknown field '${error.property}'.` : detail,
      code: code === 'whitelistValidation' ? 'unknownField' : code,
    }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}
