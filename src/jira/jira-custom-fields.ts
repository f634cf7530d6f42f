import type { DeviationForJira } from '../deviations/deviation-mirror';
import type { JiraFieldMeta } from './jira-client';

/**
 * Which of a deviation's facts go into which of SKR's Jira custom fields, so SKR can filter, build boards and report on
 * them in Jira (the description keeps the readable text). Configured as JIRA_CUSTOM_FIELDS, `fact:customfield_<n>`
 * pairs; each value is shaped for the field's type as createmeta describes it. Pure: no Nest, no Jira.
 */
export const MAPPABLE_FACTS = ['party', 'environment', 'part', 'requirement', 'impact', 'timing', 'bastjanst'] as const;
export type MappableFact = (typeof MAPPABLE_FACTS)[number];
/** The mapped facts and the responsible party, whose field is JIRA_RESPONSIBLE_PARTY_FIELD (it is read back too). */
export type FieldFact = MappableFact | 'responsible';

/** A select field's value as Jira takes it: the option's id, or its value where we know no id. */
export type SelectValue = { id: string } | { value: string };

/** A mapped fact the sync leaves out of the issue, and why: for the preflight and the logs. */
export interface CustomFieldProblem {
  fact: FieldFact | null;
  fieldId: string;
  problem: 'not_on_screen' | 'required_not_mapped' | 'unsupported_type';
}

export function parseCustomFieldMapping(config: string): Map<MappableFact, string> {
  return new Map(
    config
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split(':') as [MappableFact, string]),
  );
}

function factOf(fact: FieldFact, deviation: DeviationForJira): string | number | null {
  switch (fact) {
    case 'responsible':
      // As text: the organisation number, which the import of SKR's own issues reads (jira-import.ts).
      return deviation.responsiblePartyOrganisationNumber;
    case 'bastjanst':
      return deviation.bastjänstName;
    case 'party':
      return deviation.partyName;
    case 'environment':
      return deviation.miljö;
    case 'part':
      return deviation.del;
    case 'requirement':
      return deviation.kravreferens;
    case 'impact':
      return deviation.påverkan;
    case 'timing':
      return deviation.tidpunkt;
  }
}

/** The value as the field's type takes it, or undefined when the type is one we cannot fill. */
export function jiraValue(meta: JiraFieldMeta, value: string | number): unknown {
  const text = String(value).replace(/\s+/g, ' ').trim();
  switch (meta.type) {
    case 'string':
      return text.slice(0, 255);
    case 'number':
      return typeof value === 'number' ? value : undefined;
    case 'option':
      return { value: text };
    case 'array':
      // A labels field: one label, without the spaces Jira refuses in labels.
      return [text.replace(/ /g, '_').slice(0, 255)];
    default:
      return undefined;
  }
}

/**
 * The custom field values for an issue whose screen has `screen`'s fields; mapped facts whose field is not on the
 * screen, or of a type we cannot fill, are left out (sending them would answer 400 for the whole issue) and reported.
 * A select field takes the option `options` holds for it: by id when it is mapped, else by value.
 */
export function customFieldValues(
  mapping: ReadonlyMap<FieldFact, string>,
  screen: readonly JiraFieldMeta[],
  deviation: DeviationForJira,
  options: ReadonlyMap<string, SelectValue> = new Map(),
): { values: Record<string, unknown>; leftOut: CustomFieldProblem[] } {
  const values: Record<string, unknown> = {};
  const leftOut: CustomFieldProblem[] = [];
  for (const [fact, fieldId] of mapping) {
    const meta = screen.find((field) => field.id === fieldId);
    if (!meta) {
      leftOut.push({ fact, fieldId, problem: 'not_on_screen' });
      continue;
    }
    const value = factOf(fact, deviation);
    if (value === null) continue;
    const shaped = (meta.type === 'option' ? options.get(fieldId) : undefined) ?? jiraValue(meta, value);
    if (shaped === undefined) leftOut.push({ fact, fieldId, problem: 'unsupported_type' });
    else values[fieldId] = shaped;
  }
  return { values, leftOut };
}

/** What the create screen asks for that the mapping does not give, and mapped fields the screen lacks. */
export function createScreenProblems(mapping: ReadonlyMap<FieldFact, string>, screen: readonly JiraFieldMeta[]): CustomFieldProblem[] {
  const mapped = new Set(mapping.values());
  const problems: CustomFieldProblem[] = [...mapping]
    .filter(([, fieldId]) => !screen.some((field) => field.id === fieldId))
    .map(([fact, fieldId]) => ({ fact, fieldId, problem: 'not_on_screen' }));
  for (const field of screen) {
    if (field.required && field.id.startsWith('customfield_') && !mapped.has(field.id)) {
      problems.push({ fact: null, fieldId: field.id, problem: 'required_not_mapped' });
    }
  }
  return problems;
}
