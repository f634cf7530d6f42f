/** The time source; SLA and lifecycle code ask it instead of `new Date()` so tests can control time. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
