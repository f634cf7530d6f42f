import { PAGE_SIZE, PageCursor, PageLimit } from '../../common/page-query';

/** Keyset pagination, newest first. */
export class PageQueryDto {
  @PageCursor(200)
  cursor?: string;

  @PageLimit()
  limit: number = PAGE_SIZE.default;
}
