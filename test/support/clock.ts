import { Clock } from '../../src/common/clock';

/** A clock the test sets: `clock.at = new Date(…)`. */
export class MutableClock extends Clock {
  constructor(public at = new Date(0)) {
    super();
  }

  now(): Date {
    return this.at;
  }
}
