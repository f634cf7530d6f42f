import { DomainError } from '../common/domain-error';

/** A page that does not exist, or one of another party (which looks the same). */
export class PageNotFoundError extends DomainError {
  readonly code = 'PAGE_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor() {
    super('No such page.');
  }
}

/** A public form (one without a session to hold a synchroniser token) posted from another site. */
export class CrossSiteFormError extends DomainError {
  readonly code = 'CROSS_SITE_FORM';
  readonly kind = 'forbidden' as const;

  constructor() {
    super('The form was not sent from this site.');
  }
}
