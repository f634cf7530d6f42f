/**
 * What a Jira resolution means, in the words the party reads (Swedish first) — never Jira's "Done". Jira's resolution
 * ids are per site and map to these keys through `jira_mapping` rows of kind `resolution` (SKR admin); an unmapped
 * resolution is shown by its Jira name rather than failing the sync: it is information, not a state we act on.
 */
export const RESOLUTION_TEXTS = {
  åtgärdad: { sv: 'Åtgärdad', en: 'Fixed' },
  åtgärdas_inte: { sv: 'Kommer inte att åtgärdas', en: 'Will not be fixed' },
  dubblett: { sv: 'Dubblett av ett annat ärende', en: 'Duplicate of another case' },
  kan_inte_återskapas: { sv: 'Felet kunde inte återskapas', en: 'Could not be reproduced' },
} as const satisfies Record<string, { sv: string; en: string }>;

export type ResolutionKey = keyof typeof RESOLUTION_TEXTS;

export const RESOLUTION_KEYS = Object.keys(RESOLUTION_TEXTS) as ResolutionKey[];

/** The party's text for a mapped resolution key, else Jira's own name. */
export function resolutionText(key: string | null, jiraName: string): string {
  return key !== null && key in RESOLUTION_TEXTS ? RESOLUTION_TEXTS[key as ResolutionKey].sv : jiraName;
}
