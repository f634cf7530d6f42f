import type { JiraImportCandidate } from './jira-client';

/**
 * Which issues SKR creates in its Jira project are its known deviations, to import (README, "Known deviations from
 * Jira"). Pure: no Nest, no Jira.
 */
export interface ImportRules {
  issueTypeId: string;
  createdAfter: Date;
}

export type ImportRefusal = 'ours' | 'other_type' | 'before_cutoff' | 'no_responsible_party';

/**
 * Why the issue is not imported, or null when it is. An issue our service account created is one of our deviations'
 * (even if its property was lost), never a known deviation of SKR's.
 */
export function importRefusal(issue: JiraImportCandidate, rules: ImportRules, ourAccountId: string): ImportRefusal | null {
  if (issue.creatorAccountId === ourAccountId) return 'ours';
  if (issue.issueTypeId !== rules.issueTypeId) return 'other_type';
  if (issue.created.getTime() < rules.createdAfter.getTime()) return 'before_cutoff';
  if (!issue.responsiblePartyOptionId && organisationNumberOf(issue.responsibleParty) === null) return 'no_responsible_party';
  return null;
}

/** The field's value as an organisation number (`556677-8899` or `5566778899`), or null when it is none. */
export function organisationNumberOf(value: string | null): string | null {
  const digits = value?.replace(/[\s-]/g, '') ?? '';
  return /^\d{10}$/.test(digits) ? digits : null;
}
