import type { JiraImportCandidate } from './jira-client';
import { importRefusal, organisationNumberOf } from './jira-import';

const rules = { issueTypeId: '10010', createdAfter: new Date('2026-12-01T00:00:00Z') };
const anIssue = (overrides: Partial<JiraImportCandidate> = {}): JiraImportCandidate => ({
  id: '10001',
  key: 'KHA-1',
  issueTypeId: '10010',
  created: new Date('2026-12-02T09:00:00Z'),
  creatorAccountId: 'triager',
  responsibleParty: '202100-6149',
  summary: 'Långsamma svar',
  description: null,
  deviationId: null,
  ...overrides,
});

describe(importRefusal.name, () => {
  it('should import an issue of the type, after the cut-off, naming a party, created by someone else', () => {
    expect(importRefusal(anIssue(), rules, 'sync')).toBeNull();
    expect(importRefusal(anIssue({ created: rules.createdAfter }), rules, 'sync')).toBeNull();
  });

  it('should refuse our own issues, other types, older issues and issues naming no party', () => {
    expect(importRefusal(anIssue({ creatorAccountId: 'sync' }), rules, 'sync')).toBe('ours');
    expect(importRefusal(anIssue({ issueTypeId: '10004' }), rules, 'sync')).toBe('other_type');
    expect(importRefusal(anIssue({ created: new Date('2026-11-30T23:59:59Z') }), rules, 'sync')).toBe('before_cutoff');
    expect(importRefusal(anIssue({ responsibleParty: null }), rules, 'sync')).toBe('no_responsible_party');
    expect(importRefusal(anIssue({ responsibleParty: 'Transportstyrelsen' }), rules, 'sync')).toBe('no_responsible_party');
  });
});

describe(organisationNumberOf.name, () => {
  it('should take ten digits with or without the hyphen, and nothing else', () => {
    expect(organisationNumberOf('202100-6149')).toBe('2021006149');
    expect(organisationNumberOf(' 2021006149 ')).toBe('2021006149');
    expect(organisationNumberOf('20210061')).toBeNull();
    expect(organisationNumberOf(null)).toBeNull();
  });
});
