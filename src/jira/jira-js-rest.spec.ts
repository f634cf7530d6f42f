import { JiraCallError } from './jira.errors';
import { JiraJsRest } from './jira-js-rest';

/**
 * The deadline of one Jira call. The token is read before each call (from the database when an SKR admin stored it),
 * and a read slower than the call's deadline once left the deadline's rejection with no one awaiting it: the worker
 * process exited on an unhandled rejection in the middle of a database restart (the fault suite saw it).
 */
describe(JiraJsRest.name, () => {
  const connection = (apiToken: () => Promise<string>) =>
    new JiraJsRest({ baseUrl: 'http://127.0.0.1:9', email: 'sync@skr.se', apiToken, projectKey: 'KHA', issueTypeId: '1', timeoutMs: 50 });
  // Jest fails a test in which a promise rejection goes unhandled: that is this test's failure on the old code.
  it('should start the deadline once the token is read, so a slow read leaves no rejection unhandled', async () => {
    const rest = connection(() => new Promise((resolve) => setTimeout(() => resolve('token'), 200)));

    await expect(rest.call('myself', async () => 'answered')).resolves.toBe('answered');
  });

  it('should still give up on a call that does not answer within the deadline', async () => {
    const rest = connection(async () => 'token');

    const outcome = await rest.call('myself', () => new Promise(() => undefined)).catch((error: unknown) => error);

    expect(outcome).toBeInstanceOf(JiraCallError);
    expect((outcome as JiraCallError).message).toBe('Jira myself did not answer within 50 ms');
  });
});
