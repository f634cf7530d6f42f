import { DomainError } from '../common/domain-error';

/** A page that does not exist, or one of another party (which looks the same). */
export class PageNotFoundError extends DomainError {
  readonly code = 'PAGE_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor() {
    super('No such page.');
  }
}
