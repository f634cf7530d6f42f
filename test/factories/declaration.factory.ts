import { SSBTEK_TEMPLATE_V1 } from '../../src/declarations/templates';
import { PartyKind } from '../../src/parties/party.entity';
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

/**
 * A published bastjänst self-declaration for Uppgiftslämnare (seed 003 sends it to them), with the SSBTEK template's
 * questions: its own text is not among the seeds. A reference row, so truncateAll removes it again.
 */
export async function bastjänstTemplateId(): Promise<string> {
  const document = { ...SSBTEK_TEMPLATE_V1, name: 'bastjanst', kind: 'bastjänst', partyKinds: [PartyKind.Uppgiftslämnare] };
  const [row] = (await (
    await ownerDb()
  ).query(
    `INSERT INTO declaration_template (name, kind, party_kinds, version, title, status, document, published_at)
     VALUES ($1, $2, $3::party_kind[], 1, 'Självdeklaration bastjänst', 'publicerad', $4::jsonb, now()) RETURNING id`,
    [document.name, document.kind, document.partyKinds, JSON.stringify(document)],
  )) as { id: string }[];
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
