import { DomainError } from '../common/domain-error';

/** A draft, or a deviation without a priority, has no SLA clocks yet. */
export class SlaNotStartedError extends DomainError {
  readonly code = 'SLA_NOT_STARTED';
  readonly kind = 'conflict';

  constructor() {
    super('The SLA clocks start when a deviation with a priority is submitted.');
  }
}
