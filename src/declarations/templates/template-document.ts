import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { PartyKind } from '../../parties/party.entity';
import {
  ANSWER_TYPES,
  FILLED_BY,
  type ImportableTemplateDocument,
  type TemplateDocument,
  type TemplateDocumentError,
  type TemplateDocumentValidation,
  type TemplateQuestion,
} from './template-types';

const KEY_PATTERN = '^[a-z0-9][a-z0-9_.-]*$';
// Kinds are data (bastjänst, verksamhetssystem, …), so only their spelling is constrained.
const KIND_PATTERN = '^[a-zåäö][a-zåäö0-9_-]*$';
// Leading or trailing whitespace in displayed text is always a transcription slip.
const TRIMMED_TEXT = { type: 'string', minLength: 1, pattern: '^\\S(?:[\\s\\S]*\\S)?$' } as const;
const KEY = { type: 'string', pattern: KEY_PATTERN } as const;

/** JSON Schema (draft 2020-12) of a template document; key uniqueness is checked separately. */
export const TEMPLATE_DOCUMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://avvikelse.skr.se/schemas/declaration-template.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'partyKinds', 'version', 'title', 'sections'],
  properties: {
    name: KEY,
    kind: { type: 'string', pattern: KIND_PATTERN },
    // Who fills the template in (seed 000: "Det är Driftleverantören som ska fylla i formuläret").
    partyKinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: Object.values(PartyKind) } },
    version: { type: 'integer', minimum: 1 },
    title: TRIMMED_TEXT,
    introduction: TRIMMED_TEXT,
    definitions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['term', 'definition'],
        properties: { term: TRIMMED_TEXT, definition: TRIMMED_TEXT },
      },
    },
    references: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'document', 'link'],
        properties: { id: { type: 'string', pattern: '^R[1-9][0-9]*$' }, document: TRIMMED_TEXT, link: TRIMMED_TEXT },
      },
    },
    sections: { type: 'array', minItems: 1, items: { $ref: '#/$defs/section' } },
  },
  $defs: {
    section: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'title', 'subsections'],
      properties: {
        key: KEY,
        title: TRIMMED_TEXT,
        description: TRIMMED_TEXT,
        subsections: { type: 'array', minItems: 1, items: { $ref: '#/$defs/subsection' } },
      },
    },
    subsection: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'title', 'questions'],
      properties: {
        key: KEY,
        title: TRIMMED_TEXT,
        description: TRIMMED_TEXT,
        questions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/question' } },
      },
    },
    question: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'text', 'answerType', 'filledBy', 'required'],
      properties: {
        key: KEY,
        text: TRIMMED_TEXT,
        answerType: { enum: [...ANSWER_TYPES] },
        helpText: TRIMMED_TEXT,
        filledBy: { enum: [...FILLED_BY] },
        required: { type: 'boolean' },
        options: { type: 'array', minItems: 2, items: { $ref: '#/$defs/option' } },
      },
    },
    option: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'text'],
      properties: { key: KEY, text: TRIMMED_TEXT, helpText: TRIMMED_TEXT },
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile<ImportableTemplateDocument>(TEMPLATE_DOCUMENT_SCHEMA);

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ajv reports a missing or unexpected property on the parent object; pointing at the property itself tells a
// template author exactly which field to add or remove.
function toDocumentError(error: ErrorObject): TemplateDocumentError {
  const params = error.params as Record<string, unknown>;
  const detail = error.message ?? error.keyword;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { pointer: `${error.instancePath}/${escapePointerToken(params.missingProperty)}`, detail };
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      pointer: `${error.instancePath}/${escapePointerToken(params.additionalProperty)}`,
      detail: `must not be present (${detail})`,
    };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return { pointer: error.instancePath, detail: `must be one of: ${params.allowedValues.join(', ')}` };
  }
  return { pointer: error.instancePath, detail };
}

// Rules JSON Schema cannot express readably: uniqueness across the whole tree and options tied to `enval`.
function checkDocumentRules(doc: TemplateDocument): TemplateDocumentError[] {
  const errors: TemplateDocumentError[] = [];
  const firstSeenAt = new Map<string, string>();
  const claimKey = (key: string, pointer: string): void => {
    const first = firstSeenAt.get(key);
    if (first === undefined) {
      firstSeenAt.set(key, pointer);
      return;
    }
    errors.push({ pointer, detail: `duplicate key "${key}", first used at ${first}` });
  };

  doc.sections.forEach((section, s) => {
    const sectionPointer = `/sections/${s}`;
    claimKey(section.key, `${sectionPointer}/key`);
    section.subsections.forEach((subsection, u) => {
      const subsectionPointer = `${sectionPointer}/subsections/${u}`;
      claimKey(subsection.key, `${subsectionPointer}/key`);
      subsection.questions.forEach((question, q) => {
        const questionPointer = `${subsectionPointer}/questions/${q}`;
        claimKey(question.key, `${questionPointer}/key`);
        errors.push(...checkOptions(question, questionPointer));
      });
    });
  });

  const referenceAt = new Map<string, number>();
  doc.references?.forEach((reference, r) => {
    const first = referenceAt.get(reference.id);
    if (first !== undefined) {
      errors.push({
        pointer: `/references/${r}/id`,
        detail: `duplicate reference "${reference.id}", first used at /references/${first}/id`,
      });
      return;
    }
    referenceAt.set(reference.id, r);
  });
  return errors;
}

function checkOptions(question: TemplateQuestion, pointer: string): TemplateDocumentError[] {
  if (question.answerType !== 'enval') {
    return question.options === undefined
      ? []
      : [{ pointer: `${pointer}/options`, detail: `must not be present when answerType is "${question.answerType}"` }];
  }
  if (question.options === undefined) {
    return [{ pointer: `${pointer}/options`, detail: 'is required when answerType is "enval"' }];
  }
  const errors: TemplateDocumentError[] = [];
  const seen = new Map<string, number>();
  question.options.forEach((option, o) => {
    const first = seen.get(option.key);
    if (first !== undefined) {
      errors.push({
        pointer: `${pointer}/options/${o}/key`,
        detail: `duplicate option key "${option.key}", first used at ${pointer}/options/${first}/key`,
      });
      return;
    }
    seen.set(option.key, o);
  });
  return errors;
}

/** Validates an untrusted template document; errors carry JSON pointers into `doc`. */
export function validateTemplateDocument(doc: unknown): TemplateDocumentValidation {
  if (!validateSchema(doc)) {
    const errors = (validateSchema.errors ?? []).map(toDocumentError);
    return { ok: false, errors };
  }
  const errors = checkDocumentRules(doc);
  return errors.length === 0 ? { ok: true, value: doc } : { ok: false, errors };
}
