import { type JiraAttachment, type JiraAttachmentSettings } from './jira-client';
import { JiraCallError } from './jira.errors';
import { uploadAttachment } from './jira-attachment-upload';
import { type JiraJsRest } from './jira-js-rest';

/** An upload's deadline grows by a second per this many bytes (~250 kB/s, a slow link to Jira Cloud). */
const UPLOAD_BYTES_PER_MS = 250;

/**
 * The attachment calls of JiraJsClient. jira.js takes no AbortSignal: a call it gave up on would go on uploading,
 * complete after the retry's upload and leave the file twice. Uploads go through our own request, aborted at a
 * deadline scaled to the file's size.
 */
export async function addAttachment(rest: JiraJsRest, idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }> {
  const timeoutMs = rest.connection.timeoutMs + Math.ceil(content.length / UPLOAD_BYTES_PER_MS);
  try {
    return await rest.call(
      'addAttachment',
      // The token the call just read (call() refreshes it before the work starts).
      () => uploadAttachment(rest.withCurrentToken, idOrKey, filename, content, timeoutMs),
      // Our own deadline comes just after the abort, which ends the upload and answers the call.
      timeoutMs + 1000,
    );
  } catch (error) {
    // Attachments switched off answer 403 too: that is this deviation's failure to show, not a lost permission.
    if (error instanceof JiraCallError && error.kind === 'forbidden') throw new JiraCallError('permanent', 403, error.message);
    throw error;
  }
}

export async function listAttachments(rest: JiraJsRest, idOrKey: string): Promise<JiraAttachment[]> {
  const issue = await rest.call('getIssue', () => rest.client.issues.getIssue({ issueIdOrKey: idOrKey, fields: ['attachment'] }));
  const attachments =
    ((issue.fields ?? {}) as { attachment?: { id?: unknown; filename?: string; size?: number; author?: { accountId?: string } }[] })
      .attachment ?? [];
  return attachments.map((a) => ({
    id: String(a.id),
    filename: a.filename ?? '',
    size: Number(a.size ?? -1),
    authorAccountId: a.author?.accountId ?? null,
  }));
}

export async function attachmentSettings(rest: JiraJsRest): Promise<JiraAttachmentSettings> {
  const meta = await rest.call('getAttachmentMeta', () => rest.client.issueAttachments.getAttachmentMeta());
  return { enabled: Boolean(meta.enabled), uploadLimit: typeof meta.uploadLimit === 'number' ? meta.uploadLimit : null };
}
