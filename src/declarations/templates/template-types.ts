import type { PartyKind } from '../../parties/party.entity';

/** The shape of a declaration template document (JSON or YAML), as SKR admins import it. */
/**
 * How a question is answered. `enval` picks exactly one of the question's `options`; `organisationsnummer`
 * is kept apart from `fritext` so that answers can later be checked against the Swedish number format.
 */
export const ANSWER_TYPES = ['ja_nej', 'fritext', 'datum', 'organisationsnummer', 'enval'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** Who answers a question: the declaring party, or SKR when it reviews the declaration. */
export const FILLED_BY = ['part', 'skr'] as const;
export type FilledBy = (typeof FILLED_BY)[number];

export interface TemplateOption {
  key: string;
  text: string;
  helpText?: string;
}

/**
 * One field of the form. `required` binds whoever `filledBy` names: an SKR field is required when SKR
 * completes its review, never of the party.
 */
export interface TemplateQuestion {
  key: string;
  text: string;
  answerType: AnswerType;
  helpText?: string;
  filledBy: FilledBy;
  required: boolean;
  /** Present exactly when `answerType` is `enval`. */
  options?: TemplateOption[];
}

export interface TemplateSubsection {
  key: string;
  title: string;
  description?: string;
  questions: TemplateQuestion[];
}

export interface TemplateSection {
  key: string;
  title: string;
  description?: string;
  subsections: TemplateSubsection[];
}

/** A row of the template's reference table; question texts cite it as `[R11]`. */
export interface TemplateReference {
  id: string;
  document: string;
  link: string;
}

export interface TemplateDefinition {
  term: string;
  definition: string;
}

/**
 * A versioned self-declaration template. Keys of sections, sub-sections and questions are unique across the
 * whole document and never change once published, because stored answers refer to them.
 */
export interface TemplateDocument {
  name: string;
  kind: string;
  /**
   * The kinds of party that fill the template in; required on import. Version 1 of the SSBTEK template predates it
   * and its stored document lacks it: the template row's `partyKinds` is what counts.
   */
  partyKinds?: PartyKind[];
  version: number;
  title: string;
  introduction?: string;
  definitions?: TemplateDefinition[];
  references?: TemplateReference[];
  sections: TemplateSection[];
}

export interface TemplateDocumentError {
  /** JSON pointer (RFC 6901) into the validated document. */
  pointer: string;
  detail: string;
}

/** A document as the template schema accepts it on import: `partyKinds` given. */
export type ImportableTemplateDocument = TemplateDocument & { partyKinds: PartyKind[] };

export type TemplateDocumentValidation = { ok: true; value: ImportableTemplateDocument } | { ok: false; errors: TemplateDocumentError[] };
