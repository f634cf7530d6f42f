/**
 * Which deviation an issue in Jira is. Its identity is our issue property `avvikelse` ({ deviationId }, in Jira's
 * property-path notation `avvikelse.deviationId`), written in the very request that creates the issue: a triager
 * cannot see or change it by accident, and a site that lost its data and hands out the same id and key again gives
 * the new issue another deviation's property. The label `avvikelse-<id>` is only for search (properties set over
 * REST are not searchable by JQL) and duplicate sweeps: triagers may remove or copy labels.
 */

/** Label that carries our deviation id on its issue: searchable with JQL, visible to triagers. */
export const deviationLabel = (deviationId: string) => `avvikelse-${deviationId}`;
export const DEVIATION_PROPERTY = 'avvikelse';

/**
 * - `ours`: the property names the deviation.
 * - `adopt`: no property, but the link already holds this issue id and the issue carries the deviation's label —
 *   an issue linked before the property was checked; the property is written, and it is ours from then on.
 * - `foreign`: the property names another deviation, or there is none and the label and link do not both agree.
 */
export type IssueIdentity = 'ours' | 'adopt' | 'foreign';

export function issueIdentity(
  deviationId: string,
  linkedIssueId: string | null,
  issue: { id: string; deviationId: string | null; labels: readonly string[] },
): IssueIdentity {
  if (issue.deviationId !== null) return issue.deviationId === deviationId ? 'ours' : 'foreign';
  return linkedIssueId === issue.id && issue.labels.includes(deviationLabel(deviationId)) ? 'adopt' : 'foreign';
}

/** The deviation id in a value of our issue property, or null when it holds none. */
export function deviationIdOf(propertyValue: unknown): string | null {
  if (typeof propertyValue !== 'object' || propertyValue === null) return null;
  const { deviationId } = propertyValue as { deviationId?: unknown };
  return typeof deviationId === 'string' && deviationId !== '' ? deviationId : null;
}
