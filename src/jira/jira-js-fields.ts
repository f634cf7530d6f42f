import { type JiraFieldContext, type JiraSelectOption } from './jira-client';
import { type JiraJsRest } from './jira-js-rest';

/** Jira pages contexts and options by at most 100. */
const PAGE = 100;
/** Jira creates at most 1,000 options per request. */
const CREATE_BATCH = 1000;

/**
 * The custom field context and option calls of JiraJsClient (Administer Jira): which contexts a select field has and
 * the projects they cover, the options of a context page by page, and new options.
 */
export async function fieldContexts(rest: JiraJsRest, fieldId: string): Promise<JiraFieldContext[]> {
  const contexts: JiraFieldContext[] = [];
  for (let startAt = 0; ;) {
    const page = await rest.call('getContextsForField', () =>
      rest.client.issueCustomFieldContexts.getContextsForField({ fieldId, startAt, maxResults: PAGE }),
    );
    contexts.push(...page.values.map((c) => ({ id: String(c.id), global: c.isGlobalContext === true, projectIds: [] as string[] })));
    startAt += page.values.length;
    if (page.isLast !== false || page.values.length === 0) break;
  }
  if (contexts.every((c) => c.global)) return contexts;
  for (let startAt = 0; ;) {
    const page = await rest.call('getProjectContextMapping', () =>
      rest.client.issueCustomFieldContexts.getProjectContextMapping({ fieldId, startAt, maxResults: PAGE }),
    );
    for (const mapping of page.values) {
      if (mapping.projectId) contexts.find((c) => c.id === String(mapping.contextId))?.projectIds.push(String(mapping.projectId));
    }
    startAt += page.values.length;
    if (page.isLast !== false || page.values.length === 0) return contexts;
  }
}

export async function fieldOptions(rest: JiraJsRest, fieldId: string, contextId: string): Promise<JiraSelectOption[]> {
  const options: JiraSelectOption[] = [];
  for (let startAt = 0; ;) {
    const page = await rest.call('getOptionsForContext', () =>
      rest.client.issueCustomFieldOptions.getOptionsForContext({ fieldId, contextId: Number(contextId), startAt, maxResults: PAGE }),
    );
    options.push(...page.values.map((o) => ({ id: String(o.id), value: String(o.value), disabled: o.disabled === true })));
    startAt += page.values.length;
    if (page.isLast !== false || page.values.length === 0) return options;
  }
}

export async function createFieldOptions(
  rest: JiraJsRest,
  fieldId: string,
  contextId: string,
  values: string[],
): Promise<JiraSelectOption[]> {
  const created: JiraSelectOption[] = [];
  for (let from = 0; from < values.length; from += CREATE_BATCH) {
    const batch = values.slice(from, from + CREATE_BATCH);
    const answer = await rest.call('createCustomFieldOption', () =>
      rest.client.issueCustomFieldOptions.createCustomFieldOption({
        fieldId,
        contextId: Number(contextId),
        options: batch.map((value) => ({ value })),
      }),
    );
    created.push(...(answer.options ?? []).map((o) => ({ id: String(o.id), value: String(o.value), disabled: o.disabled === true })));
  }
  return created;
}

export async function enableFieldOptions(rest: JiraJsRest, fieldId: string, contextId: string, optionIds: string[]): Promise<void> {
  for (let from = 0; from < optionIds.length; from += CREATE_BATCH) {
    const batch = optionIds.slice(from, from + CREATE_BATCH);
    await rest.call('updateCustomFieldOption', () =>
      rest.client.issueCustomFieldOptions.updateCustomFieldOption({
        fieldId,
        contextId: Number(contextId),
        options: batch.map((id) => ({ id, disabled: false })),
      }),
    );
  }
}

export async function projectId(rest: JiraJsRest): Promise<string> {
  const project = await rest.call('getProject', () => rest.client.projects.getProject({ projectIdOrKey: rest.connection.projectKey }));
  return String(project.id);
}
