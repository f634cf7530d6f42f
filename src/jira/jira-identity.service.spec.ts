import { MetricsService } from '../metrics/metrics.service';
import { JiraClient, JiraIssueState } from './jira-client';
import { JiraIdentityService } from './jira-identity.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraIssueIdentityMismatchError, JiraIssueNotFoundError } from './jira.errors';

const A = '7b0c2a4e-1d7e-4f43-9d7b-000000000001';
const B = '7b0c2a4e-1d7e-4f43-9d7b-000000000002';

/** A strict stand-in: any call not stubbed here fails the test. */
function strict<T extends object>(stubs: Partial<Record<keyof T, jest.Mock>>): T {
  return new Proxy(stubs, {
    get: (target, name) => {
      const stub = target[name as keyof T];
      if (!stub) throw new Error(`unexpected call: ${String(name)}`);
      return stub;
    },
  }) as unknown as T;
}

const anIssue = (overrides: Partial<JiraIssueState> = {}): JiraIssueState => ({
  id: '10042',
  key: 'KHA-42',
  statusId: '10000',
  statusCategory: 'new',
  priorityId: '3',
  resolutionId: null,
  secured: false,
  resolution: null,
  updated: new Date('2026-12-01T10:00:00Z'),
  labels: [],
  deviationId: null,
  ...overrides,
});

describe(JiraIdentityService.name, () => {
  describe('claimImportedIssue', () => {
    const service = (jira: JiraClient) => new JiraIdentityService(jira, strict<JiraSyncStateService>({}), new MetricsService());

    it('should write our identity on an issue SKR created, before it is linked', async () => {
      const setDeviationId = jest.fn().mockResolvedValue(undefined);
      const jira = strict<JiraClient>({ getIssue: jest.fn().mockResolvedValue(anIssue()), setDeviationId });
      await expect(service(jira).claimImportedIssue(A, 'KHA-42')).resolves.toEqual({ id: '10042', key: 'KHA-42' });
      expect(setDeviationId).toHaveBeenCalledWith('10042', A);
    });

    it('should write nothing again on an issue that already carries the deviation', async () => {
      const jira = strict<JiraClient>({ getIssue: jest.fn().mockResolvedValue(anIssue({ deviationId: A })) });
      await expect(service(jira).claimImportedIssue(A, '10042')).resolves.toEqual({ id: '10042', key: 'KHA-42' });
    });

    it("should refuse an issue that carries another deviation's identity", async () => {
      const jira = strict<JiraClient>({ getIssue: jest.fn().mockResolvedValue(anIssue({ deviationId: B })) });
      await expect(service(jira).claimImportedIssue(A, 'KHA-42')).rejects.toThrow(JiraIssueIdentityMismatchError);
    });

    it('should refuse an issue Jira answers 404 for', async () => {
      const jira = strict<JiraClient>({ getIssue: jest.fn().mockResolvedValue(null) });
      await expect(service(jira).claimImportedIssue(A, 'KHA-42')).rejects.toThrow(JiraIssueNotFoundError);
    });
  });

  describe('verify', () => {
    it('should mark the link failed with the code and count it, without naming the other deviation', async () => {
      const recordFailure = jest.fn().mockResolvedValue(undefined);
      const metrics = new MetricsService();
      const service = new JiraIdentityService(strict<JiraClient>({}), strict<JiraSyncStateService>({ recordFailure }), metrics);
      await expect(service.verify(A, '10042', anIssue({ deviationId: B }))).resolves.toBe(false);
      expect(recordFailure).toHaveBeenCalledWith(A, 'fel', expect.stringContaining('KHA-42'), 'JIRA_ISSUE_IDENTITY_MISMATCH');
      expect(JSON.stringify(recordFailure.mock.calls)).not.toContain(B);
      expect(await metrics.registry.getSingleMetricAsString('jira_issue_identity_failures_total')).toContain(
        'jira_issue_identity_failures_total{reason="mismatch"} 1',
      );
    });

    it('should adopt an issue linked before the check: label and link agree, the property is written', async () => {
      const setDeviationId = jest.fn().mockResolvedValue(undefined);
      const service = new JiraIdentityService(
        strict<JiraClient>({ setDeviationId }),
        strict<JiraSyncStateService>({}),
        new MetricsService(),
      );
      await expect(service.verify(A, '10042', anIssue({ labels: [`avvikelse-${A}`] }))).resolves.toBe(true);
      expect(setDeviationId).toHaveBeenCalledWith('10042', A);
    });
  });
});
