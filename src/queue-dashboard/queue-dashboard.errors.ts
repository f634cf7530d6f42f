import { DomainError } from '../common/domain-error';

/** The dashboard only shows queues and retries jobs; emptying, obliterating, adding or pausing is refused. */
export class DashboardOperationRefusedError extends DomainError {
  readonly code = 'QUEUE_DASHBOARD_OPERATION_REFUSED';
  readonly kind = 'forbidden';

  constructor(method: string, path: string) {
    super(`The queue dashboard allows reading and retrying jobs only, not ${method} ${path}.`);
  }
}

/** The dashboard's link or session cookie is missing, forged or expired; ask for a new link. */
export class DashboardSessionError extends DomainError {
  readonly code = 'QUEUE_DASHBOARD_SESSION_INVALID';
  readonly kind = 'unauthenticated';

  constructor() {
    super('A bearer token of an SKR administrator, or a dashboard link from POST /api/v1/admin/queue-dashboard/links, is required.');
  }
}
