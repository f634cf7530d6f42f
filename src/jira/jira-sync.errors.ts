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

/**
 * A create whose answer was lost found no issue yet, but Jira's search may not show it for a while: the job waits
 * `waitMs` (without spending an attempt) and looks again before it may create a second one.
 */
export class AwaitingSearchIndexError extends Error {
  constructor(
    readonly deviationId: string,
    readonly waitMs: number,
  ) {
    super(`deviation ${deviationId}: waiting ${waitMs} ms for Jira's search to show an issue whose create answer was lost`);
  }
}

/**
 * An add of a comment or attachment got no answer and is not in Jira yet, but Jira may still apply it: the job waits
 * `waitMs` (without spending an attempt) and looks again before it may add it a second time. The deviation is busy
 * with that add in all but name, hence the subclass.
 */
export class AwaitingAddOutcomeError extends DeviationBusyError {
  constructor(
    deviationId: string,
    readonly waitMs: number,
  ) {
    super(deviationId);
    this.message = `deviation ${deviationId}: waiting ${waitMs} ms for an add to Jira that got no answer to show`;
  }
}
