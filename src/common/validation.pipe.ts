import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationError } from './domain-error';
import { IdentityNumberScan } from './identity-number-scan';
import { IdentityNumberInTextError } from './personal-data.errors';

/**
 * The global pipe (registered as APP_PIPE so test apps behave like production). Unknown fields are rejected, and
 * every rejected field becomes one `errors[]` entry with a JSON pointer (body) or a parameter name (query, path).
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor(private readonly identityNumbers: IdentityNumberScan) {
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
    if (depthExceeds(value, MAX_DEPTH)) {
      // class-transformer and class-validator recurse per level; a deeply nested body must not reach them.
      throw new RequestValidationError([{ pointer: '', detail: `Nested deeper than ${MAX_DEPTH} levels.`, code: 'maxDepth' }]);
    }
    const inherited = metadata.metatype && !this.isPrimitiveOrBuiltIn(metadata.metatype) ? keysNamedLikeInheritedMembers(value) : [];
    if (inherited.length > 0) {
      throw new RequestValidationError(
        inherited.map(({ pointer, key }) => {
          const detail = `Unknown field '${key}'.`;
          return metadata.type === 'body'
            ? { pointer, detail, code: 'unknownField' }
            : { parameter: metadata.data ?? pointerToName(pointer), detail, code: 'unknownField' };
        }),
      );
    }
    const badText = fieldsWithUnstorableText(value);
    if (badText.length > 0) {
      // PostgreSQL cannot store U+0000, and a lone surrogate is not Unicode (jsonb refuses it, text would silently
      // turn it into U+FFFD): refused here, with the field named, before any query sees it.
      const detail = 'Must be well-formed Unicode text without NUL characters.';
      throw new RequestValidationError(
        badText.map((pointer) =>
          metadata.type === 'body'
            ? { pointer, detail, code: 'wellFormedText' }
            : { parameter: metadata.data ?? pointerToName(pointer), detail, code: 'wellFormedText' },
        ),
      );
    }
    try {
      const dto: unknown = await super.transform(value, metadata);
      if (metadata.type === 'body' && metadata.metatype && !this.isPrimitiveOrBuiltIn(metadata.metatype)) {
        // After validation, so a field's own transforms (a phone number to E.164) have run and it is scanned as stored.
        const carrying = this.identityNumbers.fieldsWithIdentityNumbers(dto);
        if (carrying.length > 0) throw new IdentityNumberInTextError(carrying);
      }
      return dto;
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

const MAX_DEPTH = 32;

/** Iterative, so the check itself cannot overflow the stack on the input it guards against. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

function unstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/** JSON pointers of every string (or key) PostgreSQL cannot store faithfully. */
function fieldsWithUnstorableText(value: unknown, pointer = '', depth = 0): string[] {
  if (typeof value === 'string') return unstorable(value) ? [pointer] : [];
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    unstorable(key) ? [`${pointer}/${escapePointer(key)}`] : fieldsWithUnstorableText(child, `${pointer}/${escapePointer(key)}`, depth + 1),
  );
}

/**
 * Keys class-transformer skips without a word: `__proto__`, and every name the object already answers through its
 * prototype (`constructor`, `toString`, `valueOf` …). Whitelisting never sees them, so `{"toString": 1}` would be
 * accepted and dropped where any other unknown key is refused; and `__proto__` is the prototype-pollution vector.
 * Looked for at every depth, free-form objects included.
 */
function keysNamedLikeInheritedMembers(value: unknown, pointer = '', depth = 0): { pointer: string; key: string }[] {
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const at = `${pointer}/${escapePointer(key)}`;
    if (key === '__proto__' || key in Object.prototype) return [{ pointer: at, key }];
    return keysNamedLikeInheritedMembers((value as Record<string, unknown>)[key], at, depth + 1);
  });
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
