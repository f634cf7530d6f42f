import type { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { WithHeaders } from '../common/response-headers';
import type { Translate } from '../pages/catalogue';
import { downloadOf, type StoredFile } from '../storage/stored-file';
import { AttachmentExtensionError, AttachmentNotFoundError, AttachmentTooLargeError, AttachmentTypeError } from '../storage/upload.errors';
import { isFormError } from './deviation-detail.pages';
import { type EvidenceUploadAnswer, isPreviewable } from './evidence-upload-answer';
import type { FormOutcome } from './portal-memberships.service';

/**
 * Evidence on the portal's pages, whatever it belongs to (a deviation, a declaration): the form's upload, its JSON twin
 * for portal.js (progress bar, status line, thumbnail) and the thumbnail itself. `base` is the owner's page address
 * (`/deviations/:id`, `/declarations/:id`): a file is `${base}/evidence/:fileId`, its thumbnail `…/preview`.
 */

/** The catalogue key of an upload's refusal: too large and refused types say so, the rest asks to check the file. */
export function refusalOf(error: unknown): string {
  if (error instanceof AttachmentTooLargeError) return 'evidence.tooLarge';
  if (error instanceof AttachmentTypeError || error instanceof AttachmentExtensionError) return 'evidence.refusedType';
  return 'action.fileRejected';
}

/** The multipart form's upload (no script): on to `location`, or the refusal beside the field `file`. */
export async function formUpload(store: () => Promise<StoredFile>, location: string): Promise<FormOutcome> {
  try {
    await store();
    return { location };
  } catch (error) {
    if (!isFormError(error)) throw error;
    return { errors: { file: refusalOf(error) } };
  }
}

/** The same upload from the page's script: the status line to announce and what to add to the list, or the refusal. */
export async function scriptUpload(t: Translate, base: string, store: () => Promise<StoredFile>): Promise<EvidenceUploadAnswer> {
  try {
    const file = await store();
    const href = `${base}/evidence/${file.id}`;
    return {
      uploaded: true,
      message: t('evidence.uploaded', { name: file.filename }),
      href,
      linkText: t('detail.download', { name: file.filename }),
      ...(isPreviewable(file) ? { previewHref: `${href}/preview`, previewAlt: t('evidence.preview', { name: file.filename }) } : {}),
    };
  } catch (error) {
    if (!isFormError(error)) throw error;
    return { uploaded: false, message: t(refusalOf(error)) };
  }
}

/**
 * An image as a thumbnail, opened with the download's access check (`opened`). Anything but the four raster types is
 * not found here (download it instead), and the policy gives the image no script, origin or subresource.
 */
export function previewOf({ attachment, stream }: { attachment: StoredFile; stream: Readable }): WithHeaders<StreamableFile> {
  if (!isPreviewable(attachment)) {
    stream.destroy();
    throw new AttachmentNotFoundError();
  }
  const download = downloadOf(attachment, stream);
  return new WithHeaders(download.body, { ...download.headers, 'Content-Disposition': 'inline', 'Cache-Control': 'private, no-store' });
}
