import type { DeclarationView } from '../declarations/declaration-view';
import type { TemplateSection } from '../declarations/templates/template-types';
import { answeredByParty, isOpenFor } from './declaration-detail.pages';

type Form = Record<string, unknown>;

/** A text field as sent, trimmed; null when absent, repeated, or holding a NUL (which PostgreSQL cannot store). */
export function formText(form: Form, name: string): string | null {
  const value = form[name];
  return typeof value === 'string' && !value.includes('\u0000') ? value.trim() : null;
}

/**
 * The answers of one section's form, as the API's update takes them: a field left empty is no answer; an answer
 * emptied is cleared; citations, evidence and a described new deviation stay as they were (other pages change them).
 */
export function sectionAnswers(view: DeclarationView, section: TemplateSection, form: Form): Record<string, unknown> {
  const existing = new Map(view.answers.map((answer) => [answer.questionKey, answer]));
  const answers: Record<string, unknown> = {};
  for (const question of section.subsections.flatMap((subsection) => subsection.questions).filter(answeredByParty)) {
    if (!isOpenFor(view, question.key)) continue;
    const svar = formText(form, `svar:${question.key}`);
    const kommentar = formText(form, `kommentar:${question.key}`);
    const before = existing.get(question.key);
    if (!svar) {
      if (before && svar === '') answers[question.key] = null;
      continue;
    }
    answers[question.key] = {
      svar,
      ...(kommentar ? { kommentar } : {}),
      citations: before?.citations ?? [],
      evidence: before?.evidence ?? [],
      ...(before?.newDeviation ? { newDeviation: before.newDeviation } : {}),
    };
  }
  return answers;
}
