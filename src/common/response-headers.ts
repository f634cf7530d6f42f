/**
 * A handler's body with headers that depend on more than the body (a replayed answer, a download's digest). The
 * ResponseHeadersInterceptor sets the headers and sends the body, so a handler never takes the response to set them.
 */
export class WithHeaders<T> {
  constructor(
    readonly body: T,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

/** What a handler returns: its body, or its body with headers. */
type Answer<T> = T | WithHeaders<T>;
type HeadersOf = (body: never) => Record<string, string>;
/** Only the value: TypedPropertyDescriptor's setter would make the check invariant and refuse a handler of a subtype. */
type HandlerOf<T> = { value?: (...args: never[]) => Promise<Answer<T>> };

const HEADERS_OF = 'avvikelse:response-headers';

/** Declares headers computed from the body the handler returns; the decorator only fits a handler returning T. */
function headersFromBody<T>(headersOf: (body: T) => Record<string, string>) {
  return (_target: object, _key: string | symbol, descriptor: HandlerOf<T>): void => {
    const declared = (Reflect.getMetadata(HEADERS_OF, descriptor.value!) as HeadersOf[] | undefined) ?? [];
    Reflect.defineMetadata(HEADERS_OF, [...declared, headersOf], descriptor.value!);
  };
}

/** `ETag: W/"<version>"` of the versioned resource the handler returns; clients send it back as If-Match. */
export const ETag = () => headersFromBody((body: { version: number }) => ({ ETag: `W/"${body.version}"` }));

/** `Location` of the resource the handler created. */
export const Location = <T>(pathOf: (body: T) => string) => headersFromBody((body: T) => ({ Location: pathOf(body) }));

/** The headers a handler's result carries: first those its decorators compute from the body, then its own. */
export function responseHeaders(handler: object, result: unknown): { body: unknown; headers: Record<string, string> } {
  const body = result instanceof WithHeaders ? (result.body as unknown) : result;
  const declared = (Reflect.getMetadata(HEADERS_OF, handler) as ((body: unknown) => Record<string, string>)[] | undefined) ?? [];
  const headers = Object.assign({}, ...declared.map((headersOf) => headersOf(body)), result instanceof WithHeaders ? result.headers : {});
  return { body, headers };
}
