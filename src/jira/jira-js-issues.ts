import { type IssueEdit, type JiraImportCandidate, type JiraIssueContent, type JiraIssueState, type NewJiraIssue } from './jira-client';
import { DEVIATION_PROPERTY, deviationIdOf, deviationLabel } from './jira-identity';
import { isNotFound, type JiraJsRest } from './jira-js-rest';

/** Lost creates are looked for among at most this many keys after the highest linked one, up to this many absent. */
const RECENT_KEY_PROBES = 50;
const RECENT_KEY_GAP = 3;

/** The issue calls of JiraJsClient: create, read and edit one issue. */
export async function createIssue(rest: JiraJsRest, issue: NewJiraIssue): Promise<{ id: string; key: string }> {
  const created = await rest.call('createIssue', () =>
    rest.client.issues.createIssue({
      fields: {
        project: { key: rest.connection.projectKey },
        issuetype: { id: rest.connection.issueTypeId },
        summary: issue.summary,
        description: issue.description,
        priority: { id: issue.priorityId },
        labels: [...issue.labels, deviationLabel(issue.deviationId)],
        ...issue.customFields,
      },
      // In the same request (Jira's IssueUpdateDetails.properties): the issue never exists without it, and a
      // refused create is one refused request — nothing half-made to look for afterwards.
      properties: [{ key: DEVIATION_PROPERTY, value: { deviationId: issue.deviationId } }],
    }),
  );
  return { id: String(created.id), key: String(created.key) };
}

export async function getIssue(rest: JiraJsRest, idOrKey: string): Promise<JiraIssueState | null> {
  const { responsiblePartyField } = rest.connection;
  const responsibleField = responsiblePartyField ? [responsiblePartyField] : [];
  try {
    const issue = await rest.call('getIssue', () =>
      rest.client.issues.getIssue({
        issueIdOrKey: idOrKey,
        fields: ['status', 'priority', 'resolution', 'updated', 'labels', 'security', ...responsibleField],
        // Read with the issue, in the same answer: the identity checked is the one of the state applied.
        properties: [DEVIATION_PROPERTY],
      }),
    );
    const fields = (issue.fields ?? {}) as Record<string, unknown>;
    const status = fields.status as { id?: string; statusCategory?: { key?: string } } | undefined;
    const priority = fields.priority as { id?: string } | null | undefined;
    const resolution = fields.resolution as { id?: string; name?: string } | null | undefined;
    return {
      id: String(issue.id),
      key: String(issue.key),
      statusId: String(status?.id ?? ''),
      statusCategory: status?.statusCategory?.key ?? null,
      priorityId: priority?.id ? String(priority.id) : null,
      resolution: resolution?.name ?? null,
      resolutionId: resolution?.id ? String(resolution.id) : null,
      updated: new Date(fields.updated as string | Date),
      labels: (fields.labels as string[] | undefined) ?? [],
      secured: Boolean(fields.security),
      deviationId: deviationIdOf((issue.properties as Record<string, unknown> | undefined)?.[DEVIATION_PROPERTY]),
      ...(responsiblePartyField ? { responsibleParty: selectRead(fields[responsiblePartyField]) } : {}),
    };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** A select list's option (id and value) or a text field's text. */
function selectRead(value: unknown): { optionId: string | null; text: string | null } {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return { optionId: typeof id === 'string' || typeof id === 'number' ? String(id) : null, text: fieldText(value) };
}

export async function setDeviationId(rest: JiraJsRest, idOrKey: string, deviationId: string): Promise<void> {
  await rest.call('setIssueProperty', () =>
    rest.client.issueProperties.setIssueProperty({ issueIdOrKey: idOrKey, propertyKey: DEVIATION_PROPERTY, body: { deviationId } }),
  );
}

export async function editIssue(rest: JiraJsRest, idOrKey: string, { priorityId, customFields, ...fields }: IssueEdit): Promise<void> {
  await rest.call('editIssue', () =>
    rest.client.issues.editIssue({
      issueIdOrKey: idOrKey,
      fields: { ...fields, ...customFields, ...(priorityId ? { priority: { id: priorityId } } : {}) },
    }),
  );
}

export async function getContent(rest: JiraJsRest, idOrKey: string): Promise<JiraIssueContent> {
  const issue = await rest.call('getIssue', () =>
    rest.client.issues.getIssue({ issueIdOrKey: idOrKey, fields: ['summary', 'description'] }),
  );
  const fields = (issue.fields ?? {}) as { summary?: string; description?: unknown };
  return { summary: fields.summary ?? '', description: fields.description ?? null };
}

export async function findAmongKeysAfter(
  rest: JiraJsRest,
  deviationId: string,
  afterKey: string | null,
): Promise<{ id: string; key: string } | undefined> {
  let number = afterKey ? Number(/-(\d+)$/.exec(afterKey)?.[1] ?? 0) : 0;
  // Keys are numbered in creation order; a few missing in a row (deleted or moved issues) end the walk.
  for (let missing = 0, probes = 0; missing < RECENT_KEY_GAP && probes < RECENT_KEY_PROBES; probes++) {
    const issue = await getIssue(rest, `${rest.connection.projectKey}-${++number}`);
    if (!issue) missing++;
    // The identity property is written by the create request itself, so a lost create's issue carries it.
    else if (issue.deviationId === deviationId) return { id: issue.id, key: issue.key };
    else missing = 0;
  }
  return undefined;
}

export async function getImportCandidate(
  rest: JiraJsRest,
  idOrKey: string,
  responsiblePartyField: string,
): Promise<JiraImportCandidate | null> {
  try {
    const issue = await rest.call('getIssue', () =>
      rest.client.issues.getIssue({
        issueIdOrKey: idOrKey,
        fields: ['issuetype', 'created', 'creator', 'summary', 'description', responsiblePartyField],
        properties: [DEVIATION_PROPERTY],
      }),
    );
    const fields = (issue.fields ?? {}) as Record<string, unknown>;
    return {
      id: String(issue.id),
      key: String(issue.key),
      issueTypeId: String((fields.issuetype as { id?: string } | undefined)?.id ?? ''),
      created: new Date(fields.created as string),
      creatorAccountId: (fields.creator as { accountId?: string } | null | undefined)?.accountId ?? null,
      responsibleParty: fieldText(fields[responsiblePartyField]),
      responsiblePartyOptionId: selectRead(fields[responsiblePartyField]).optionId,
      summary: String(fields.summary ?? ''),
      description: fields.description ?? null,
      deviationId: deviationIdOf((issue.properties as Record<string, unknown> | undefined)?.[DEVIATION_PROPERTY]),
    };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** A text field's value, or a select list's chosen value, as text; null when empty. */
function fieldText(value: unknown): string | null {
  const text = typeof value === 'string' ? value : (value as { value?: unknown } | null | undefined)?.value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}
