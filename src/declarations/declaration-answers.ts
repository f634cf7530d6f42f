import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldError } from '../common/domain-error';
import { flatten } from '../common/validation.pipe';
import { AnswerDto } from './dto/declaration-requests.dto';
import type { TemplateDocument, TemplateQuestion } from './templates/template-types';

export const JA_NEJ = ['ja', 'nej', 'ej_relevant'] as const;

/**
 * Template questions answered through `PUT /signature` instead of as answers, so the signature has one source.
 * Templates are data, but seed 000's "Underskrifter" keys are the only signature block we know of; a template
 * without them simply has no such questions.
 */
export const SIGNATURE_QUESTIONS: Record<string, 'namn' | 'datum'> = {
  'underskrifter.kontaktperson.namn': 'namn',
  'underskrifter.kontaktperson.datum': 'datum',
};

export function questionsOf(template: TemplateDocument): Map<string, TemplateQuestion> {
  const questions = new Map<string, TemplateQuestion>();
  for (const section of template.sections) {
    for (const subsection of section.subsections) for (const question of subsection.questions) questions.set(question.key, question);
  }
  return questions;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A parsed answer, or `null` to clear it. */
export type ParsedAnswers = Map<string, AnswerDto | null>;

/**
 * Checks each submitted answer against its question in the pinned template: the key exists, the party answers it,
 * the fields are well-formed, and the answer-type rules hold. Lookups of cited deviations are the caller's.
 */
export async function parseAnswers(
  raw: Record<string, unknown>,
  questions: Map<string, TemplateQuestion>,
  reopenedKeys: readonly string[] | null,
): Promise<{ answers: ParsedAnswers; errors: FieldError[] }> {
  const answers: ParsedAnswers = new Map();
  const errors: FieldError[] = [];
  const entries = Object.entries(raw);
  if (entries.length > 500)
    return { answers, errors: [{ pointer: '/answers', detail: 'At most 500 answers per request.', code: 'maxSize' }] };
  for (const [key, value] of entries) {
    const pointer = `/answers/${escapePointer(key)}`;
    const question = questions.get(key);
    const refuse = (detail: string, code: string) => errors.push({ pointer, detail, code });
    if (!question) {
      refuse('No such question in the template this declaration is pinned to.', 'unknownQuestion');
      continue;
    }
    if (question.filledBy === 'skr') {
      refuse('SKR fills in this field when it reviews the declaration.', 'filledBySkr');
      continue;
    }
    if (SIGNATURE_QUESTIONS[key]) {
      refuse('The signature is given with PUT /signature.', 'signature');
      continue;
    }
    if (reopenedKeys && reopenedKeys.length > 0 && !reopenedKeys.includes(key)) {
      refuse('Not reopened for komplettering by the last review.', 'notReopened');
      continue;
    }
    if (value === null) {
      answers.set(key, null);
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      refuse('Must be an answer object, or null to clear the answer.', 'type');
      continue;
    }
    const dto = plainToInstance(AnswerDto, value);
    const fieldErrors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }), pointer);
    if (fieldErrors.length > 0) {
      errors.push(...fieldErrors);
      continue;
    }
    const ruleErrors = answerRuleErrors(question, dto, pointer);
    if (ruleErrors.length > 0) {
      errors.push(...ruleErrors);
      continue;
    }
    answers.set(key, dto);
  }
  return { answers, errors };
}

function answerRuleErrors(question: TemplateQuestion, answer: AnswerDto, pointer: string): FieldError[] {
  const at = (field: string, detail: string, code: string): FieldError[] => [{ pointer: `${pointer}/${field}`, detail, code }];
  switch (question.answerType) {
    case 'ja_nej':
      if (!(JA_NEJ as readonly string[]).includes(answer.svar)) return at('svar', `Must be one of: ${JA_NEJ.join(', ')}.`, 'isIn');
      if (answer.svar === 'ej_relevant' && !answer.kommentar)
        return at('kommentar', 'A question that is not relevant must be motivated in the comment.', 'required');
      if (answer.svar === 'nej' && !answer.citations?.length && !answer.newDeviation) {
        return at('citations', 'A "nej" must cite at least one known deviation, or describe a new one in newDeviation.', 'required');
      }
      return [];
    case 'datum':
      return isIsoDate(answer.svar) ? [] : at('svar', 'Must be a date YYYY-MM-DD.', 'isDate');
    case 'organisationsnummer':
      return isOrganisationNumber(answer.svar)
        ? []
        : at('svar', 'Must be a Swedish organisationsnummer (NNNNNN-NNNN) with a valid check digit.', 'organisationsnummer');
    case 'enval': {
      const options = (question.options ?? []).map((o) => o.key);
      return options.includes(answer.svar) ? [] : at('svar', `Must be one of: ${options.join(', ')}.`, 'isIn');
    }
    case 'fritext':
      return [];
  }
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

export function isOrganisationNumber(text: string): boolean {
  const match = /^(\d{6})-?(\d{4})$/.exec(text);
  if (!match) return false;
  const digits = match[1] + match[2];
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let digit = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return sum % 10 === 0;
}
