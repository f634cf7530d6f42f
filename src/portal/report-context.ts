import { samePath } from '../pages/page-request';

/** A declaration's answer a new deviation is reported for: it is cited there once submitted. */
export interface CiteIn {
  readonly declarationId: string;
  readonly question: string;
}

/** Where the report form was opened from: the page to go back to, and the answer to cite the new deviation in. */
export interface ReportContext {
  readonly returnTo: string | null;
  readonly citeIn: CiteIn | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const QUESTION = /^[a-z0-9_.-]{1,200}$/;
/** The citation picker of one answer: a report from its link without `citeIn` comes back to it with the deviation found. */
export const PICKER = /^\/declarations\/[0-9a-f-]{36}\/citations\?question=[a-z0-9_.-]{1,200}$/;

/**
 * The context from the form's link or hidden fields (`returnTo`, `citeIn`, `question`). A return address is a path
 * on this site or nothing (an absolute or protocol-relative URL would send the person elsewhere after a submit); a
 * citation needs a declaration id and a question key of the template's form, and a return address in that declaration.
 */
export function reportContextOf(source: Record<string, unknown>): ReportContext {
  const path = samePath(source.returnTo);
  const returnTo = path === '/' ? null : path;
  const { citeIn: declarationId, question } = source;
  const citable =
    typeof declarationId === 'string' &&
    UUID.test(declarationId) &&
    typeof question === 'string' &&
    QUESTION.test(question) &&
    returnTo?.startsWith(`/declarations/${declarationId}`);
  return { returnTo, citeIn: citable ? { declarationId, question } : null };
}

/** The context as the hidden fields of the form (and the values a page shown again keeps). */
export function contextValues(context: ReportContext): Record<string, string> {
  return {
    ...(context.returnTo ? { returnTo: context.returnTo } : {}),
    ...(context.citeIn ? { citeIn: context.citeIn.declarationId, question: context.citeIn.question } : {}),
  };
}

/** The context as the query of the report form's address, `&`-prefixed: a draft reopened keeps where it leads. */
export function contextQuery(context: ReportContext): string {
  return Object.entries(contextValues(context))
    .map(([name, value]) => `&${name}=${encodeURIComponent(value)}`)
    .join('');
}
