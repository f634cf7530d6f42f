import type { EvidenceType } from './file-sniffer';
import { AttachmentExtensionError } from './upload.errors';

/** Longest stored file name, in characters (Jira and common file systems take 255 bytes; å is two of them). */
export const MAX_FILENAME_CHARS = 120;

/**
 * The extensions a file of each sniffed type may carry. The name travels with the bytes (to a downloader, to Jira), and a
 * desktop opens a file by its extension: a PNG named `tool.exe` runs as a program. Office documents are zip containers
 * and are stored as application/zip; so are OpenDocument files.
 */
const EXTENSIONS: Record<EvidenceType, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'],
  'application/json': ['json'],
  'application/har+json': ['har', 'json'],
  'text/plain': ['txt', 'log', 'csv', 'tsv', 'text', 'md', 'out', 'xml'],
};

const ALL_EXTENSIONS = new Set(Object.values(EXTENSIONS).flat());

/**
 * Characters that change how a name reads without being seen: C0/C1 controls, bidi embeddings, overrides and isolates
 * (U+202E turns `faktura\u202Egnp.exe` into "fakturaexe.png" on screen), zero-width characters, the BOM and soft hyphen.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A trailing `.ext` counts as an extension when it looks like one (`v1.2` does not). */
const EXTENSION = /\.([a-z][a-z0-9]{0,7})$/i;

/** The name as we store it: NFC, no path, no invisible or reserved characters, no leading dots, bounded. */
export function normaliseFilename(name: string | undefined): string {
  return (name ?? '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/^.*[\\/]/, '')
    .replace(/["<>:|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
}

/** The extension of a normalised name, lower case, or null. */
function extensionOf(name: string): string | null {
  return EXTENSION.exec(name)?.[1].toLowerCase() ?? null;
}

/**
 * Refuses a name whose extension no evidence type may carry, before any byte is stored (`run.exe`, `fix.bat`, `x.html`).
 */
export function assertPlausibleFilename(name: string | undefined): void {
  const extension = extensionOf(normaliseFilename(name));
  if (extension && !ALL_EXTENSIONS.has(extension)) {
    throw new AttachmentExtensionError(
      `Files named .${extension} are not accepted as evidence; allowed: ${[...ALL_EXTENSIONS].join(', ')}.`,
    );
  }
}

/**
 * The stored name of a file whose content is `type`: its extension must be one of that type's, a name without one gets
 * the type's first, and an empty name becomes `bilaga.<ext>`. Too long a name is shortened before the extension.
 */
export function evidenceFilename(name: string | undefined, type: EvidenceType): string {
  const normalised = normaliseFilename(name);
  const extension = extensionOf(normalised);
  if (extension && !EXTENSIONS[type].includes(extension)) {
    throw new AttachmentExtensionError(`The name ends in .${extension} but the content is ${type} (.${EXTENSIONS[type].join(', .')}).`);
  }
  const stem = extension ? normalised.slice(0, -extension.length - 1) : normalised;
  const suffix = extension ? normalised.slice(stem.length) : `.${EXTENSIONS[type][0]}`;
  const kept = Array.from(stem || 'bilaga')
    .slice(0, MAX_FILENAME_CHARS - suffix.length)
    .join('')
    .trim();
  return `${kept || 'bilaga'}${suffix}`;
}
