import { createHash } from 'node:crypto';
import { AdfDocument, textToAdf } from './adf';
import { DeviationForJira } from '../deviations/deviation-mirror';

/** Jira's summary limit is 255 characters. */
const SUMMARY_MAX = 255;

export function issueSummary(deviation: DeviationForJira): string {
  return `${deviation.key} ${deviation.rubrik}`.slice(0, SUMMARY_MAX);
}

/**
 * The issue description: everything the party reported, in the order seed 000 asks for it, so a triager reads the
 * whole deviation in Jira without opening our service.
 */
export function issueDescription(deviation: DeviationForJira): AdfDocument {
  const sections: string[] = [
    `Part: ${deviation.partyName}`,
    `Del: ${deviation.del}\nMiljö: ${deviation.miljö}\nKravreferens: ${deviation.kravreferens ?? '–'}`,
    // The priority is Jira's own field, kept in step both ways; a copy here would go stale when SKR changes it.
    `Påverkan: ${deviation.påverkan}\nTidpunkt: ${deviation.tidpunkt}`,
  ];
  if (deviation.reproduktionssteg) sections.push(`Reproduktionssteg:\n${deviation.reproduktionssteg}`);
  if (deviation.skäl) sections.push(`Skäl till att kravet inte kan uppfyllas:\n${deviation.skäl}`);
  sections.push(`Utfall:\n${deviation.utfall}`);
  if (deviation.förväntat) sections.push(`Förväntat:\n${deviation.förväntat}`);
  sections.push(`Kontaktpersoner:\n${deviation.kontaktpersoner.map((c) => `- ${c.namn}, ${c.telefon}, ${c.epost}`).join('\n')}`);
  return textToAdf(sections.join('\n\n'));
}

export function fieldsHash(deviation: DeviationForJira): string {
  return createHash('sha256')
    .update(JSON.stringify([issueSummary(deviation), issueDescription(deviation)]))
    .digest('hex');
}

/** The comment we write in Jira carries who wrote it in our service: the Jira author is always our service account. */
export function outboundCommentBody(comment: { body: string; authorName: string }, partyName: string): AdfDocument {
  return textToAdf(`${comment.authorName} (${partyName}) skrev:\n\n${comment.body}`);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}
