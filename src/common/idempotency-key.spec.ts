import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestValidationError } from './domain-error';
import { ApiIdempotencyKey, IdempotencyKey, IdempotencyKeyReusedError, replayable } from './idempotency-key';
import { WithHeaders } from './response-headers';

/** Where @nestjs/swagger keeps a handler's @ApiHeader (its constants module is not among the package's exports). */
const API_PARAMETERS = 'swagger/apiParameters';

type Factory = (data: unknown, context: ExecutionContext) => unknown;

/** The function Nest calls for the parameter, as it finds it on a handler that uses the decorator. */
function factoryOf(decorator: () => ParameterDecorator): Factory {
  class Probe {
    handle(@decorator() _key: unknown): void {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handle') as Record<string, { factory: Factory }>;
  return Object.values(args)[0].factory;
}

const requestWith = (headers: Record<string, unknown>) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers }) }) }) as unknown as ExecutionContext;

describe('IdempotencyKey', () => {
  const read = (value: unknown) =>
    factoryOf(IdempotencyKey)(undefined, requestWith(value === undefined ? {} : { 'idempotency-key': value }));

  it('should give no key when the client sent none', () => {
    expect(read(undefined)).toBeUndefined();
  });

  it.each(['abcdefgh', 'A1._:-zZ9', 'x'.repeat(200), '0f8c2b3e-6c5d-4c1e-9f0a-2b7d9e4c1a55'])('should give the key %s as sent', (key) => {
    expect(read(key)).toBe(key);
  });

  it.each([
    ['seven characters', 'abcdefg'],
    ['201 characters', 'x'.repeat(201)],
    ['a slash', 'abcd/efgh'],
    ['a space', 'abcd efgh'],
    ['an empty value', ''],
    ['the header twice', ['abcdefgh', 'abcdefgh']],
  ])('should refuse %s, naming the header and the rule', (_what, value) => {
    let thrown: unknown;
    try {
      read(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestValidationError);
    expect((thrown as RequestValidationError).errors).toEqual([
      { header: 'Idempotency-Key', detail: '8–200 characters: letters, digits, . _ : -', code: 'pattern' },
    ]);
  });
});

describe('ApiIdempotencyKey', () => {
  it('should document the optional header with what a retry will never do', () => {
    class Probe {
      @ApiIdempotencyKey('en andra avvikelse')
      create(): void {}
    }
    const headers = Reflect.getMetadata(API_PARAMETERS, Probe.prototype.create) as Record<string, unknown>[];
    expect(headers).toEqual([
      expect.objectContaining({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Ett omförsök med samma nyckel ger samma svar, aldrig en andra avvikelse.',
      }),
    ]);
  });
});

describe(IdempotencyKeyReusedError.name, () => {
  it('should carry its stable code, a 422 kind and the header it concerns', () => {
    const error = new IdempotencyKeyReusedError();
    expect(error).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      kind: 'unprocessable',
      message: 'This Idempotency-Key was used for a different request.',
      errors: [{ header: 'Idempotency-Key', detail: 'Already used with another body.', code: 'reused' }],
    });
  });
});

describe(replayable.name, () => {
  it('should mark a replayed answer, and only a replayed one', () => {
    expect(replayable({ id: 1 }, true)).toEqual(new WithHeaders({ id: 1 }, { 'Idempotent-Replayed': 'true' }));
    expect(replayable({ id: 1 }, false)).toEqual(new WithHeaders({ id: 1 }, {}));
  });
});

describe('IdempotencyKey: only a single header value', () => {
  it('should refuse a list, even of one well-formed key whose text alone would pass', () => {
    const read = () => factoryOf(IdempotencyKey)(undefined, requestWith({ 'idempotency-key': ['abcdefgh'] }));
    expect(read).toThrow(RequestValidationError);
  });
});
