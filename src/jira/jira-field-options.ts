import type { JiraFieldContext, JiraSelectOption } from './jira-client';

/**
 * How parties and bastjänster become options of SKR's Jira select fields (README, "How parties map to Jira"). Pure:
 * no Nest, no Jira.
 */

/** What an option stands for: a party (reporting or responsible party fields) or a bastjänst. */
export type OptionSubject = { partyId: string } | { bastjänst: string };

/** Which select fields take options, and of what. */
export interface SelectFieldRole {
  fieldId: string;
  role: 'reporting_party' | 'responsible_party' | 'bastjanst';
}

/**
 * What the preflight reports of one select field: subjects without an option, mapped options SKR deleted in Jira, or a
 * context that misses the project.
 */
export interface FieldOptionsState extends SelectFieldRole {
  missing: number;
  deleted: number;
  /** Mapped options SKR disabled in Jira: refused on every issue until `npm run jira:setup` enables them again. */
  disabled: number;
  problem: 'context_not_covering_project' | null;
}

export interface OptionCandidate {
  subject: OptionSubject;
  value: string;
}

/**
 * Each party's option value: its name, which is what SKR filters on. Jira refuses two options whose values differ only
 * in case, so parties sharing a name (any case) are told apart by their organisation number.
 */
export function partyOptionValues(parties: { id: string; name: string; organisationNumber: string }[]): OptionCandidate[] {
  const counts = new Map<string, number>();
  for (const party of parties) counts.set(party.name.toLowerCase(), (counts.get(party.name.toLowerCase()) ?? 0) + 1);
  return parties.map((party) => ({
    subject: { partyId: party.id },
    value: (counts.get(party.name.toLowerCase())! > 1 ? `${party.name} (${party.organisationNumber})` : party.name).slice(0, 255),
  }));
}

/**
 * The context whose options apply to our project: one naming the project wins over the global one, as in Jira. Null
 * when none covers it (the field cannot be set on our issues at all).
 */
export function contextFor(contexts: JiraFieldContext[], projectId: string | null): JiraFieldContext | null {
  return contexts.find((c) => projectId !== null && c.projectIds.includes(projectId)) ?? contexts.find((c) => c.global) ?? null;
}

/**
 * Which candidates an existing option already stands for (by value, as Jira compares them: without regard to case)
 * and which need a new one. A disabled option is adopted too (creating its value again would be refused), and enabled
 * again by the caller.
 */
export function planOptions(
  candidates: OptionCandidate[],
  existing: JiraSelectOption[],
): { adopt: { candidate: OptionCandidate; option: JiraSelectOption }[]; create: OptionCandidate[] } {
  const byValue = new Map(existing.map((option) => [option.value.toLowerCase(), option]));
  const adopt: { candidate: OptionCandidate; option: JiraSelectOption }[] = [];
  const create: OptionCandidate[] = [];
  for (const candidate of candidates) {
    const option = byValue.get(candidate.value.toLowerCase());
    if (option) adopt.push({ candidate, option });
    else create.push(candidate);
  }
  return { adopt, create };
}
