import { DomainError } from '../common/domain-error';

/** A metrics scrape without the METRICS_TOKEN bearer (or, with no token configured, from another machine). */
export class MetricsAccessError extends DomainError {
  readonly code = 'METRICS_TOKEN_REQUIRED';
  readonly kind = 'unauthenticated';

  constructor() {
    super('Metrics are served only to a scraper that presents the metrics token.');
  }
}
