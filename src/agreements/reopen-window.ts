/**
 * How long after it was solved a reporter may reopen a deviation instead of reporting a new one. Here, below both
 * the lifecycle rule that enforces it and the e-mail that promises it, so the two can never name different windows.
 */
export const REOPEN_WINDOW_DAYS = 30;
