import { jiraJs } from './jira-js-module';

interface UploadConnection {
  baseUrl: string;
  email: string;
  apiToken: string;
}

/**
 * POST /rest/api/3/issue/{id}/attachments (multipart field `file`, `X-Atlassian-Token: no-check`), aborted after
 * `timeoutMs`: the request is cut off, so Jira never completes an upload the sync has given up on. Failures are
 * thrown as jira.js would throw them, for the same mapping (toJiraCallError).
 */
export async function uploadAttachment(
  connection: UploadConnection,
  idOrKey: string,
  filename: string,
  content: Buffer,
  timeoutMs: number,
): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), filename);
  const url = `${connection.baseUrl.replace(/\/$/, '')}/rest/api/3/issue/${encodeURIComponent(idOrKey)}/attachments`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: form,
      headers: {
        Accept: 'application/json',
        Authorization: `Basic ${Buffer.from(`${connection.email}:${connection.apiToken}`).toString('base64')}`,
        'X-Atlassian-Token': 'no-check',
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `aborted after ${timeoutMs} ms` : (error as Error).message;
    throw new (jiraJs().NetworkError)(`Upload to ${url} failed: ${reason}`, { cause: error, transient: true });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): kept as text for the failure's summary.
  }
  if (!response.ok) throw new (jiraJs().ApiError)(`Request failed: ${response.status}`, response.status, response.statusText, body);
  const [attachment] = Array.isArray(body) ? (body as { id?: unknown }[]) : [];
  if (attachment?.id === undefined)
    throw new (jiraJs().ApiError)('Jira answered the upload without an attachment', response.status, '', body);
  return { id: String(attachment.id) };
}
