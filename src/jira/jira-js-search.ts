import { deviationLabel } from './jira-identity';
import { type JiraJsRest } from './jira-js-rest';

type IdPage = { issueIds: string[]; nextPageToken?: string };

/**
 * The JQL searches of JiraJsClient, all through the enhanced search (/rest/api/3/search/jql; /search answers 410).
 * Search lags behind writes: what must be consistent is read with GET /issue instead (jira-js-issues.ts).
 */
export async function findByDeviationId(rest: JiraJsRest, deviationId: string): Promise<{ id: string; key: string }[]> {
  const result = await search(rest, {
    jql: `project = ${rest.connection.projectKey} AND labels = "${deviationLabel(deviationId)}"`,
    // The enhanced search answers ids only by default; asking for `key` gets the key without other fields.
    fields: ['id', 'key'],
    maxResults: 10,
  });
  return (result.issues ?? []).map((issue) => ({ id: String(issue.id), key: String(issue.key) }));
}

export async function searchUpdatedSince(rest: JiraJsRest, since: Date, pageToken?: string): Promise<IdPage> {
  return idPage(
    await search(rest, {
      jql: `project = ${rest.connection.projectKey} AND updated >= ${since.getTime()} ORDER BY updated ASC`,
      fields: ['id'],
      maxResults: 100,
      ...(pageToken ? { nextPageToken: pageToken } : {}),
    }),
  );
}

export async function searchCreatedSince(
  rest: JiraJsRest,
  issueTypeId: string,
  withField: string,
  since: Date,
  pageToken?: string,
): Promise<IdPage> {
  const field = `cf[${withField.replace('customfield_', '')}]`;
  return idPage(
    await search(rest, {
      jql: `project = ${rest.connection.projectKey} AND issuetype = ${issueTypeId} AND ${field} IS NOT EMPTY AND created >= ${since.getTime()} ORDER BY created ASC`,
      fields: ['id'],
      maxResults: 100,
      ...(pageToken ? { nextPageToken: pageToken } : {}),
    }),
  );
}

export async function canBrowseProject(rest: JiraJsRest): Promise<void> {
  await search(rest, { jql: `project = ${rest.connection.projectKey}`, fields: ['id'], maxResults: 1 });
}

export async function recentIssueIds(rest: JiraJsRest, max: number): Promise<string[]> {
  const result = await search(rest, {
    jql: `project = ${rest.connection.projectKey} ORDER BY updated DESC`,
    fields: ['id'],
    maxResults: max,
  });
  return (result.issues ?? []).map((issue) => String(issue.id));
}

type SearchRequest = Parameters<JiraJsRest['client']['issueSearch']['searchAndReconsileIssuesUsingJqlPost']>[0];

function search(rest: JiraJsRest, request: SearchRequest) {
  return rest.call('searchJql', () => rest.client.issueSearch.searchAndReconsileIssuesUsingJqlPost(request));
}

function idPage(result: { issues?: { id?: unknown }[]; isLast?: boolean; nextPageToken?: string | null }): IdPage {
  return {
    issueIds: (result.issues ?? []).map((issue) => String(issue.id)),
    ...(result.isLast || !result.nextPageToken ? {} : { nextPageToken: result.nextPageToken }),
  };
}
