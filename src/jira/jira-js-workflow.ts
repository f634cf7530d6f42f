import { AdfDocument } from './adf';
import { type JiraFieldMeta, type JiraTransition } from './jira-client';
import { type JiraJsRest } from './jira-js-rest';

interface FieldMetaJson {
  name?: string;
  required?: boolean;
  schema?: { type?: string };
}

/** The screens and workflow calls of JiraJsClient: which fields a screen asks for, which transitions are offered. */
export async function createMeta(rest: JiraJsRest): Promise<JiraFieldMeta[]> {
  const fields: JiraFieldMeta[] = [];
  for (let startAt = 0; ;) {
    const page = await rest.call('createMeta', () =>
      rest.client.issues.getCreateIssueMetaIssueTypeId({
        projectIdOrKey: rest.connection.projectKey,
        issueTypeId: rest.connection.issueTypeId,
        startAt,
        maxResults: 50,
      }),
    );
    const got = page.fields ?? [];
    fields.push(...got.map((f) => fieldMeta(String(f.fieldId), f)));
    startAt += got.length;
    if (got.length === 0 || startAt >= (page.total ?? 0)) return fields;
  }
}

export async function editMeta(rest: JiraJsRest, idOrKey: string): Promise<JiraFieldMeta[]> {
  const meta = await rest.call('editMeta', () => rest.client.issues.getEditIssueMeta({ issueIdOrKey: idOrKey }));
  return Object.entries((meta.fields ?? {}) as Record<string, FieldMetaJson>).map(([id, f]) => fieldMeta(id, f));
}

export async function getTransitions(rest: JiraJsRest, idOrKey: string): Promise<JiraTransition[]> {
  const { transitions = [] } = await rest.call('getTransitions', () =>
    rest.client.issues.getTransitions({ issueIdOrKey: idOrKey, expand: 'transitions.fields' }),
  );
  return transitions
    .filter((t) => t.id && t.to?.id)
    .map((t) => ({
      id: String(t.id),
      toStatusId: String(t.to!.id),
      toStatusName: t.to?.name ?? '',
      toCategory: t.to?.statusCategory?.key ?? null,
      fields: Object.entries((t.fields ?? {}) as Record<string, { name?: string; required?: boolean }>).map(([id, meta]) => ({
        id,
        name: meta.name ?? id,
        required: Boolean(meta.required),
      })),
    }));
}

export async function doTransition(
  rest: JiraJsRest,
  idOrKey: string,
  transitionId: string,
  fields: Record<string, unknown>,
  comment?: AdfDocument,
): Promise<void> {
  await rest.call('doTransition', () =>
    rest.client.issues.doTransition({
      issueIdOrKey: idOrKey,
      transition: { id: transitionId },
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      ...(comment ? { update: { comment: [{ add: { body: comment } }] } } : {}),
    }),
  );
}

export async function existingStatusIds(rest: JiraJsRest, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const statuses = await rest.call('getStatusesById', () => rest.client.status.getStatusesById({ id: ids }));
  return statuses.map((status) => String(status.id));
}

function fieldMeta(id: string, field: FieldMetaJson): JiraFieldMeta {
  return { id, name: field.name ?? id, required: Boolean(field.required), type: field.schema?.type ?? 'unknown' };
}
