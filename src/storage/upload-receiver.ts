import { Injectable, Logger } from '@nestjs/common';
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { EvidenceType, safeFilename, sniff, SNIFF_BYTES } from './file-sniffer';
import { FileStore, PendingFile } from './file-store';
import { AttachmentTooLargeError, AttachmentTypeError, InvalidUploadError } from './upload.errors';

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

  /** Reads exactly one file part named `file` from a multipart body into a pending file. */
  private receive(request: IncomingMessage): Promise<ReceivedFile> {
    const limit = this.config.ATTACHMENT_MAX_BYTES;
    return new Promise<ReceivedFile>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: request.headers,
          defParamCharset: 'utf8',
          limits: { files: 1, fileSize: limit, fields: 10, parts: 12, fieldSize: 1024 },
        });
      } catch {
        reject(new InvalidUploadError('Send the file as multipart/form-data in a part named "file".'));
        return;
      }
      let settled = false;
      let pending: PendingFile | undefined;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        request.unpipe(parser);
        request.resume();
        // The answer waits for the partial file to be gone: a rejected upload leaves nothing behind.
        void (pending ? pending.abort() : Promise.resolve()).then(
          () => reject(error),
          () => reject(error),
        );
      };
      let fileSeen = false;
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || fileSeen) {
          stream.resume();
          return;
        }
        fileSeen = true;
        const hash = createHash('sha256');
        let size = 0;
        let head = Buffer.alloc(0);
        let type: EvidenceType | null = null;
        const start = () => {
          type = sniff(head);
          if (!type) throw new AttachmentTypeError();
          pending = this.files.create();
          pending.stream.on('error', (error) => fail(error));
          pending.stream.write(head);
        };
        stream.on('data', (chunk: Buffer) => {
          // busboy emits 'limit' before the queued chunks reach us: after a failure nothing may be started.
          if (settled) return;
          try {
            size += chunk.length;
            hash.update(chunk);
            if (!pending) {
              head = Buffer.concat([head, chunk]);
              if (head.length >= SNIFF_BYTES) start();
              return;
            }
            if (!pending.stream.write(chunk)) {
              stream.pause();
              pending.stream.once('drain', () => stream.resume());
            }
          } catch (error) {
            stream.resume();
            fail(error as Error);
          }
        });
        stream.on('limit', () => fail(new AttachmentTooLargeError(limit)));
        stream.on('end', () => {
          if (settled) return;
          try {
            if (!pending) start();
            pending!.stream.end();
            pending!
              .commit()
              .then(() => {
                if (settled) return;
                settled = true;
                resolve({
                  pending: pending!,
                  filename: safeFilename(info.filename, type!),
                  contentType: type!,
                  size,
                  sha256: hash.digest('hex'),
                });
              })
              .catch((error: Error) => fail(error));
          } catch (error) {
            fail(error as Error);
          }
        });
      });
      parser.on('error', () => fail(new InvalidUploadError('The multipart body is malformed.')));
      parser.on('partsLimit', () => fail(new InvalidUploadError('Too many parts.')));
      parser.on('close', () => {
        if (!fileSeen) fail(new InvalidUploadError('No part named "file" was sent.'));
      });
      request.on('aborted', () => fail(new InvalidUploadError('The upload was aborted.')));
      request.pipe(parser);
    }).catch((error: unknown) => {
      if (!(error instanceof InvalidUploadError || error instanceof AttachmentTooLargeError || error instanceof AttachmentTypeError)) {
        this.logger.warn({ err: error }, 'attachment upload failed');
      }
      throw error;
    });
  }
}
