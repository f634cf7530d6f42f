/**
 * The jira-sync worker's own errors: they steer its jobs (the processor delays the job without spending an attempt)
 * and never reach an HTTP response, so they are no domain errors and carry no code.
 */

/** Another job holds this deviation: the caller delays the job and tries again shortly. */
export class DeviationBusyError extends Error {
  constructor(readonly deviationId: string) {
    super(`deviation ${deviationId} is being synced by another job`);
  }
}

/** Jira refused our credentials earlier; nothing is sent until SKR resumes the integration. */
export class IntegrationPausedError extends Error {
  constructor(readonly reason: string | null) {
    super(`the Jira integration is paused: ${reason ?? 'no reason recorded'}`);
  }
}
