// Under Stryker every property test runs once per mutant it covers (over a thousand times for the calendar); 15
// generated cases each still kill what 100 would, at a fraction of the time. Plain jest runs keep fast-check's 100.
import fc from 'fast-check';

fc.configureGlobal({ numRuns: 15 });
