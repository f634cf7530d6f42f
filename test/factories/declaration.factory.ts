import { SSBTEK_TEMPLATE_V1 } from '../../src/declarations/templates';
import type { TemplateDocument } from '../../src/declarations/templates/template-types';
import { ownerDb } from '../support/database';
import { anOrganisationNumber } from './party.factory';

/** Keys the party signs with PUT /signature rather than answering. */
const SIGNATURE_KEYS = new Set(['underskrifter.kontaktperson.namn', 'underskrifter.kontaktperson.datum']);

/** The id of seed 000, the published SSBTEK template every test database has. */
export async function ssbtekTemplateId(): Promise<string> {
  const [row] = (await (await ownerDb()).query(`SELECT id FROM declaration_template WHERE name = 'ssbtek' AND version = 1`)) as {
    id: string;
  }[];
  return row.id;
}

/** A valid answer to every required party question of the template ("ja" to every yes/no); override what a test is about. */
export function completeAnswers(
  overrides: Record<string, unknown> = {},
  template: TemplateDocument = SSBTEK_TEMPLATE_V1,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const section of template.sections) {
    for (const subsection of section.subsections) {
      for (const q of subsection.questions) {
        if (q.filledBy !== 'part' || !q.required || SIGNATURE_KEYS.has(q.key)) continue;
        const svar = {
          ja_nej: 'ja',
          fritext: 'Driftleverantören AB',
          organisationsnummer: anOrganisationNumber(),
          datum: '2026-03-01',
          enval: q.options?.[0].key ?? '',
        }[q.answerType];
        answers[q.key] = { svar };
      }
    }
  }
  return { ...answers, ...overrides };
}

export const aSignature = { namn: 'Anna Andersson', datum: '2026-03-02' };
