import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { EvidenceInspector } from './evidence-inspector';
import { assertPlausibleFilename } from './evidence-name';
import type { EvidenceType } from './file-sniffer';
import { FileStore, PendingFile } from './file-store';
import { parseMultipart } from './multipart-upload';
import { InvalidUploadError } from './upload.errors';

/** A file received and stored, not yet recorded: the caller records it or deletes `pending.key`. */
export interface ReceivedFile {
  pending: PendingFile;
  filename: string;
  contentType: EvidenceType;
  size: number;
  sha256: string;
}

/** The columns of a StoredFile row for a file just received from `uploadedBy`. */
export function storedFileColumns(received: ReceivedFile, uploadedBy: string) {
  return {
    filename: received.filename,
    contentType: received.contentType,
    sizeBytes: String(received.size),
    sha256: received.sha256,
    storageKey: received.pending.key,
    uploadedBy,
  };
}

/** How the audit trail shows a file added. */
export function fileAddedChange(received: ReceivedFile) {
  return { bilaga: { from: null, to: { filename: received.filename, sha256: received.sha256, sizeBytes: received.size } } };
}

/**
 * Evidence uploads, streamed from the request to the file store: never held whole in memory, the size limit
 * enforced while streaming, the type decided by the first bytes. A rejected or aborted upload leaves no file.
 */
@Injectable()
export class UploadReceiver {
  private readonly logger = new Logger(UploadReceiver.name);

  constructor(
    private readonly files: FileStore,
    private readonly config: AppConfig,
  ) {}

  /**
   * Receives the file and has `record` write it down (in its own transaction); when recording fails, the stored
   * file is deleted again: a file is kept exactly when its row is.
   */
  async receiveAndRecord<T>(request: IncomingMessage, record: (received: ReceivedFile) => Promise<T>): Promise<T> {
    const received = await this.receive(request);
    try {
      return await record(received);
    } catch (error) {
      await this.files.delete(received.pending.key);
      throw error;
    }
  }

  /**
   * Reads exactly one file part named `file` from a multipart body into a pending file: one pipeline from the part
   * through the inspector (type, name, size, hash) into the store. Any failure stops reading the body and aborts the
   * pending file before the error is answered, so a refused upload leaves neither a row nor a file.
   */
  private async receive(request: IncomingMessage): Promise<ReceivedFile> {
    const upload = parseMultipart(request);
    let pending: PendingFile | undefined;
    try {
      const part = await upload.file;
      assertPlausibleFilename(part.filename);
      pending = this.files.create();
      const inspector = new EvidenceInspector(part.filename, this.config.ATTACHMENT_MAX_BYTES);
      await Promise.all([pipeline(part.stream, inspector, pending.stream), upload.done]);
      await pending.commit();
      const { type, filename, size, sha256 } = inspector.result();
      return { pending, filename, contentType: type, size, sha256 };
    } catch (error) {
      upload.stop();
      await pending?.abort().catch((abortError: unknown) => this.logger.warn({ err: abortError }, 'partial attachment not removed'));
      if (error instanceof DomainError) throw error;
      // A part that closes before its end is the client's doing (it went away); anything else is ours and a 500.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new InvalidUploadError('The upload was aborted.');
      this.logger.warn({ err: error }, 'attachment upload failed');
      throw error;
    }
  }
}
