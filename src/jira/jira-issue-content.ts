import { createHash } from 'node:crypto';
import { AdfDocument, adfToText, textToAdf } from './adf';
import { DeviationForJira } from '../deviations/deviation-mirror';
import { maskIdentityNumbers } from '../common/personal-identity-number';

/** Jira's summary limit is 255 characters, on one line. */
const SUMMARY_MAX = 255;
/** Jira's limit on a description or comment body. */
export const JIRA_TEXT_MAX = 32767;

/** Line breaks become spaces (Jira refuses them in a summary); past 255 characters it ends in an ellipsis. */
export function issueSummary(deviation: DeviationForJira): string {
  const oneLine = maskIdentityNumbers(`${deviation.key} ${deviation.rubrik}`.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return oneLine.length <= SUMMARY_MAX ? oneLine : `${oneLine.slice(0, SUMMARY_MAX - 1)}…`;
}

/**
 * Whether Jira takes the body. Whether Cloud counts the text or the ADF JSON is unconfirmed (JIRA-REALITY: verify),
 * so both must be within the limit.
 */
export function fitsJira(doc: AdfDocument): boolean {
  return adfToText(doc).length <= JIRA_TEXT_MAX && JSON.stringify(doc).length <= JIRA_TEXT_MAX;
}

/**
 * The text as an ADF body Jira takes: whole when it fits, else cut at the longest prefix that fits with a notice
 * pointing to the whole text in the service. Never a body Jira refuses, so a long report is never a permanent failure.
 * Personal identity numbers are masked first: every description and comment we write passes here, including text that
 * was stored before the input rule refused such numbers.
 */
export function withinJiraLimit(unmasked: string, whereWhole: string): AdfDocument {
  const text = maskIdentityNumbers(unmasked);
  const whole = textToAdf(text);
  if (fitsJira(whole)) return whole;
  const notice = `\n\n[Texten är förkortad: Jira tar högst 32 767 tecken. Hela texten: ${whereWhole}]`;
  const cut = (length: number) => textToAdf(`${text.slice(0, length).trimEnd()}…${notice}`);
  let fits = 0;
  let tooLong = text.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (fitsJira(cut(middle))) fits = middle;
    else tooLong = middle;
  }
  return cut(fits);
}

/** Where the whole deviation is read in the service, for a notice in a shortened text. */
export function deviationUrl(deviation: Pick<DeviationForJira, 'id' | 'key'>, publicBaseUrl?: string): string {
  return publicBaseUrl ? `${publicBaseUrl}/api/v1/deviations/${deviation.id}` : deviation.key;
}

/**
 * The issue description: everything the party reported, in the order seed 000 asks for it, so a triager reads the
 * whole deviation in Jira without opening our service.
 */
export function issueDescription(deviation: DeviationForJira, publicBaseUrl?: string): AdfDocument {
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
  return withinJiraLimit(sections.join('\n\n'), deviationUrl(deviation, publicBaseUrl));
}

/** The summary and description text as a hash, to tell SKR's edits in Jira from what we wrote (ADF may be normalised). */
export function contentHash(summary: string, description: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([summary, adfToText(description)]))
    .digest('hex');
}

export function fieldsHash(deviation: DeviationForJira): string {
  return createHash('sha256')
    .update(JSON.stringify([issueSummary(deviation), issueDescription(deviation)]))
    .digest('hex');
}

/** The comment we write in Jira carries who wrote it in our service: the Jira author is always our service account. */
export function outboundCommentBody(comment: { body: string; authorName: string }, partyName: string, whereWhole: string): AdfDocument {
  return withinJiraLimit(`${comment.authorName} (${partyName}) skrev:\n\n${comment.body}`, whereWhole);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}
