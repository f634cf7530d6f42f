import type { Page } from './page';

/**
 * A JSON body that is already text (PostgreSQL rendered it): the ResponseHeadersInterceptor sends it as
 * `application/json` as it is, where an object would be serialised first.
 */
export class JsonText {
  constructor(readonly text: string) {}

  /** A page of rendered items, in the shape every list answers with: `{"items": [...], "nextCursor": ...}`. */
  static page(page: Page<string>): JsonText {
    return new JsonText(`{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
  }
}
