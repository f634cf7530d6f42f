import {
  attachmentsCheck,
  reportOf,
  statusChecks,
  tokenCheck,
  webhookCheck,
  type Fact,
  type MappedStatus,
  type PreflightCheck,
  type SeenWorkflow,
} from './jira-preflight';
import { JiraCallError, JiraTokenUnavailableError } from './jira.errors';

const ok = <T>(value: T): Fact<T> => ({ ok: true, value });
const failed = (kind: JiraCallError['kind'], status: number | null): Fact<never> => ({
  ok: false,
  error: new JiraCallError(kind, status, 'x'),
});
const seen = (reached: string[], issues = 1): Fact<SeenWorkflow> => ok({ issues, reached: new Set(reached) });
const verdicts = (checks: PreflightCheck[]) => checks.map((c) => [c.id, c.status]);

describe('jira preflight rules', () => {
  const mapped: MappedStatus[] = [
    { jiraId: '10001', value: 'mottagen', outbound: true },
    { jiraId: '10003', value: 'åtgärdas', outbound: true },
    { jiraId: '10009', value: 'mottagen', outbound: false },
  ];

  it('should fail a status Jira does not know, and leave an outbound one no transition leads to unknown', () => {
    const checks = statusChecks(mapped, ok(['10001', '10003']), seen(['10001']));
    expect(verdicts(checks)).toEqual([
      ['status:10001', 'ok'],
      ['status:10003', 'unknown'],
      ['status:10009', 'fail'],
    ]);
    expect(checks[1].hint).not.toBeNull();
  });

  it('should not judge reachability from a project without issues, nor for a status only read back', () => {
    const checks = statusChecks(mapped, ok(['10001', '10003', '10009']), seen([], 0));
    expect(verdicts(checks)).toEqual([
      ['status:10001', 'unknown'],
      ['status:10003', 'unknown'],
      ['status:10009', 'ok'],
    ]);
  });

  it('should call an outage unknown, and only a refused token a failure', () => {
    expect(tokenCheck(failed('transient', 503)).status).toBe('unknown');
    expect(tokenCheck(failed('auth', 401)).status).toBe('fail');
    expect(tokenCheck(ok('712020:abc')).status).toBe('ok');
  });

  it('should blame the token source, not Jira, when no token could be read', () => {
    const unreadable = { ok: false as const, error: new JiraTokenUnavailableError('no configured key decrypts it') };
    expect(tokenCheck(unreadable)).toMatchObject({
      status: 'fail',
      message: { en: 'No API token could be read, so nothing was sent to Jira: no configured key decrypts it' },
      hint: { en: expect.stringContaining('JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS') },
    });
  });

  it('should tell a webhook that cannot be listed from one that is missing, ignoring a trailing slash', () => {
    const url = 'https://a.example/webhooks/jira';
    const hook = { name: 'n', url: `${url}/`, events: [], jql: null };
    expect(webhookCheck(failed('forbidden', 403), url, 'KHA')).toMatchObject({
      status: 'unknown',
      hint: { en: expect.stringContaining(url) },
    });
    expect(webhookCheck(ok([]), url, 'KHA').status).toBe('fail');
    expect(webhookCheck(ok([hook]), url, 'KHA').status).toBe('ok');
  });

  it('should give the attachment limit in MB, and fail when attachments are off', () => {
    expect(attachmentsCheck(ok({ enabled: true, uploadLimit: 10485760 })).message.en).toContain('10 MB');
    expect(attachmentsCheck(ok({ enabled: false, uploadLimit: 10485760 })).status).toBe('fail');
  });

  it('should rank fail over unknown over ok', () => {
    const c = (status: PreflightCheck['status']): PreflightCheck => ({ id: status, status, message: { sv: '', en: '' }, hint: null });
    expect(reportOf([c('ok'), c('unknown'), c('fail')]).status).toBe('fail');
    expect(reportOf([c('ok'), c('unknown')]).status).toBe('degraded');
    expect(reportOf([c('ok')]).status).toBe('ok');
  });
});
