import type { StoredFile } from '../storage/stored-file';

/** What the file sniffer stores that a browser shows as an image without running anything; SVG is never stored. */
const PREVIEWABLE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Whether a stored file may be shown inline as a thumbnail. */
export const isPreviewable = (file: Pick<StoredFile, 'contentType'>): boolean => PREVIEWABLE.includes(file.contentType);

/** A piece of evidence as the evidence list shows it. */
export const evidenceOf = (file: StoredFile) => ({ id: file.id, filename: file.filename, preview: isPreviewable(file) });

/**
 * What an evidence upload from a page script answers (portal.js): the status line to announce, or the refusal to show
 * beside the file field, and for a stored file the link (and, for an image, the preview) the page adds to its list.
 */
export interface EvidenceUploadAnswer {
  readonly uploaded: boolean;
  readonly message: string;
  readonly href?: string;
  readonly linkText?: string;
  readonly previewHref?: string;
  readonly previewAlt?: string;
}
