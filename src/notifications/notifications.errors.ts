import { DomainError, notFoundError, type FieldError } from '../common/domain-error';

export class NotificationNotFoundError extends notFoundError('NOTIFICATION_NOT_FOUND', 'No such notification.') {}

export class NotificationDeliveryNotFoundError extends notFoundError('NOTIFICATION_DELIVERY_NOT_FOUND', 'No such notification delivery.') {}

/** Only a delivery that finally failed is replayed from SKR's list: a sent e-mail is not sent again. */
export class NotificationDeliveryNotFailedError extends DomainError {
  readonly code = 'NOTIFICATION_DELIVERY_NOT_FAILED';
  readonly kind = 'conflict';

  constructor(status: string) {
    super(`Only a failed delivery can be replayed; this one is '${status}'.`, undefined, { deliveryStatus: status });
  }
}

export class WebhookNotFoundError extends notFoundError('WEBHOOK_NOT_FOUND', 'No such webhook.') {}

export class WebhookInactiveError extends DomainError {
  readonly code = 'WEBHOOK_INACTIVE';
  readonly kind = 'conflict';

  constructor() {
    super('The webhook is inactive; activate it before replaying its deliveries.');
  }
}

export class WebhookLimitReachedError extends DomainError {
  readonly code = 'WEBHOOK_LIMIT_REACHED';
  readonly kind = 'conflict';

  constructor(limit: number) {
    super(`A party can register at most ${limit} webhooks.`);
  }
}

/** The URL is well-formed but not acceptable here (plain http or an internal address in production). */
export class WebhookUrlRefusedError extends DomainError {
  readonly code = 'WEBHOOK_URL_REFUSED';
  readonly kind = 'unprocessable';

  constructor(detail: string) {
    super('The webhook URL is not acceptable.', [{ pointer: '/url', detail, code: 'webhookUrl' }]);
  }
}

export class PreferenceMandatoryError extends DomainError {
  readonly code = 'NOTIFICATION_PREFERENCE_MANDATORY';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('Review decisions and SLA breaches are always e-mailed and cannot be turned off.', errors);
  }
}

/** Preferences belong to a registered user (app_user); a machine client without one receives no e-mail anyway. */
export class NotificationUserUnknownError extends DomainError {
  readonly code = 'NOTIFICATION_USER_UNKNOWN';
  readonly kind = 'unprocessable';

  constructor() {
    super('E-mail preferences belong to a registered user of the party; this client has no user record.');
  }
}

/**
 * A caller tried to put something into an event that is not public (a key named `internal…`, or a value that is
 * not a plain string or number). A programming error, not a client's: it is a plain Error, so the request fails
 * with a 500 and the change it belonged to is rolled back instead of leaking.
 */
export class NotificationDataNotPublicError extends Error {
  constructor(key: string) {
    super(`notification data key '${key}' is not allowed: events carry public scalar values only`);
    this.name = NotificationDataNotPublicError.name;
  }
}

/** A driftinformation subscription field that breaks a rule (an unknown bastjänst, nothing chosen). */
export class DriftSubscriptionFieldError extends DomainError {
  readonly code = 'DRIFT_SUBSCRIPTION_INVALID';
  readonly kind = 'unprocessable';

  constructor(pointer: string, detail: string) {
    super('The subscription is not acceptable.', [{ pointer, detail, code: 'driftSubscription' }]);
  }
}

/**
 * Too many subscribe requests for one address within the hour. Said the same whether the address is new, pending or
 * subscribed: it counts requests, not subscriptions.
 */
export class SubscribeLimitReachedError extends DomainError {
  readonly code = 'DRIFT_SUBSCRIBE_LIMIT';
  readonly kind = 'rate_limited';

  constructor() {
    super('Too many subscribe requests for this address; try again in an hour.');
  }
}

/** A subscription belongs to a party's registered user; SKR and machine clients have none. */
export class DriftSubscriptionUserOnlyError extends DomainError {
  readonly code = 'DRIFT_SUBSCRIPTION_USER_ONLY';
  readonly kind = 'unprocessable';

  constructor() {
    super("Driftinformation subscriptions belong to a party's registered users; this caller has no user record in a party.");
  }
}
