import { AdfDocument } from './adf';
import { type JiraComment } from './jira-client';
import { type JiraJsRest } from './jira-js-rest';

/** Jira Service Management's comment property flagging an internal note. */
const SD_PUBLIC_COMMENT = 'sd.public.comment';

/** The comment calls of JiraJsClient, with what each comment says about who may see it. */
export async function listComments(rest: JiraJsRest, idOrKey: string): Promise<JiraComment[]> {
  const comments: JiraComment[] = [];
  for (let startAt = 0; ;) {
    const page = await rest.call('getComments', () =>
      // `properties` carries Service Management's internal-note flag (sd.public.comment).
      rest.client.issueComments.getComments({ issueIdOrKey: idOrKey, startAt, maxResults: 100, orderBy: 'created', expand: 'properties' }),
    );
    for (const comment of page.comments ?? []) {
      const internalFlag = comment.properties?.find((p) => p.key === SD_PUBLIC_COMMENT)?.value as { internal?: unknown } | undefined;
      comments.push({
        id: String(comment.id),
        body: comment.body,
        authorAccountId: comment.author?.accountId ?? null,
        authorAccountType: comment.author?.accountType ?? null,
        restricted: Boolean(comment.visibility),
        jsdPublic: comment.jsdPublic !== false,
        internalNote: internalFlag?.internal === true,
        created: new Date(comment.created as unknown as string),
        updated: new Date((comment.updated ?? comment.created) as unknown as string),
      });
    }
    startAt += page.comments?.length ?? 0;
    if (!page.comments?.length || startAt >= (page.total ?? 0)) return comments;
  }
}

export async function addComment(rest: JiraJsRest, idOrKey: string, body: AdfDocument): Promise<{ id: string }> {
  const comment = await rest.call('addComment', () =>
    rest.client.issueComments.addComment({
      issueIdOrKey: idOrKey,
      body: body as unknown as { type: 'doc'; version: number; content: Record<string, unknown>[] },
    }),
  );
  return { id: String(comment.id) };
}

export async function setCommentProperty(rest: JiraJsRest, commentId: string, key: string, value: Record<string, unknown>): Promise<void> {
  await rest.call('setCommentProperty', () =>
    rest.client.issueCommentProperties.setCommentProperty({ commentId, propertyKey: key, body: value }),
  );
}
