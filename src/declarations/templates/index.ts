import ssbtekV1Json from './ssbtek-v1.json';
import { validateTemplateDocument } from './template-document';
import { type TemplateDocument } from './template-types';

// Templates ship with the code, so a broken one must stop the process at boot rather than surface as a
// half-rendered form to a party.
function loadTemplate(fileName: string, json: unknown): TemplateDocument {
  const result = validateTemplateDocument(json);
  if (!result.ok) {
    const problems = result.errors.map((error) => `${error.pointer}: ${error.detail}`).join('; ');
    throw new Error(`${fileName} is not a valid template document: ${problems}`);
  }
  return deepFreeze(result.value);
}

// One instance is shared by every caller; freezing turns an accidental edit into an immediate TypeError
// instead of a template silently changed for everyone else.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** The SSBTEK self-declaration template, version 1 (seed 000), validated at module load. */
export const SSBTEK_TEMPLATE_V1: TemplateDocument = loadTemplate('ssbtek-v1.json', ssbtekV1Json);
