import { Injectable, Logger } from '@nestjs/common';
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { contentDisposition, EvidenceType, safeFilename, sniff, SNIFF_BYTES } from '../storage/file-sniffer';
import { FileStore, PendingFile } from '../storage/file-store';
import { DeviationAttachment } from './deviation-attachment.entity';
import { DeviationStatus } from './deviation.entity';
import { DeviationsService } from './deviations.service';
import {
  AttachmentNotFoundError,
  AttachmentTooLargeError,
  AttachmentTypeError,
  DeviationNotEditableError,
  InvalidUploadError,
} from './deviations.errors';

interface ReceivedFile {
  pending: PendingFile;
  filename: string;
  contentType: EvidenceType;
  size: number;
  sha256: string;
}

/**
 * Evidence uploads, streamed from the request to the file store: never held whole in memory, the size limit
 * enforced while streaming, the type decided by the first bytes. A rejected or aborted upload leaves neither a
 * file nor a row.
 */
@Injectable()
export class DeviationAttachmentsService {
  private readonly logger = new Logger(DeviationAttachmentsService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly deviations: DeviationsService,
    private readonly audit: AuditService,
    private readonly files: FileStore,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, deviationId: string): Promise<DeviationAttachment[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.deviations.findFor(manager, actor, deviationId);
      return manager.find(DeviationAttachment, { where: { deviationId }, order: { createdAt: 'ASC' } });
    });
  }

  async upload(actor: Actor, deviationId: string, request: IncomingMessage): Promise<DeviationAttachment> {
    // Checked before reading the body, so a foreign or closed deviation costs no upload.
    await this.db.transaction(scopeOf(actor), async (manager) => this.assertAcceptsEvidence(manager, actor, deviationId));
    const received = await this.receive(request);
    try {
      return await this.db.transaction(scopeOf(actor), async (manager) => {
        const deviation = await this.assertAcceptsEvidence(manager, actor, deviationId);
        const attachment = await manager.save(
          manager.create(DeviationAttachment, {
            deviationId,
            partyId: deviation.partyId,
            filename: received.filename,
            contentType: received.contentType,
            sizeBytes: String(received.size),
            sha256: received.sha256,
            storageKey: received.pending.key,
            uploadedBy: actor.userId,
          }),
        );
        await this.audit.record(manager, actor, {
          action: 'attachment.added',
          entityType: 'deviation',
          entityId: deviationId,
          partyId: deviation.partyId,
          changes: { bilaga: { from: null, to: { filename: received.filename, sha256: received.sha256, sizeBytes: received.size } } },
        });
        if (deviation.status !== DeviationStatus.Utkast) await this.deviations.queueJiraPush(manager, deviation);
        return attachment;
      });
    } catch (error) {
      await this.files.delete(received.pending.key);
      throw error;
    }
  }

  async open(actor: Actor, deviationId: string, attachmentId: string): Promise<{ attachment: DeviationAttachment; stream: Readable; disposition: string }> {
    const attachment = await this.db.transaction(scopeOf(actor), async (manager) => {
      await this.deviations.findFor(manager, actor, deviationId);
      const found = await manager.findOneBy(DeviationAttachment, { id: attachmentId, deviationId });
      if (!found) throw new AttachmentNotFoundError();
      return found;
    });
    return { attachment, stream: this.files.read(attachment.storageKey), disposition: contentDisposition(attachment.filename) };
  }

  /** The whole content, for the Jira sync (Jira takes the file as one multipart part). */
  async readAll(manager: EntityManager, attachmentId: string): Promise<Buffer> {
    const attachment = await manager.findOneByOrFail(DeviationAttachment, { id: attachmentId });
    const chunks: Buffer[] = [];
    for await (const chunk of this.files.read(attachment.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async assertAcceptsEvidence(manager: EntityManager, actor: Actor, deviationId: string) {
    const deviation = await this.deviations.findFor(manager, actor, deviationId);
    if (deviation.status === DeviationStatus.Aterkallad || deviation.status === DeviationStatus.Stangd) {
      throw new DeviationNotEditableError(deviation.status);
    }
    return deviation;
  }

  /** Reads exactly one file part named `file` from a multipart body into a pending file. */
  private receive(request: IncomingMessage): Promise<ReceivedFile> {
    const limit = this.config.ATTACHMENT_MAX_BYTES;
    return new Promise<ReceivedFile>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: limit, fields: 10, parts: 12, fieldSize: 1024 } });
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
                resolve({ pending: pending!, filename: safeFilename(info.filename, type!), contentType: type!, size, sha256: hash.digest('hex') });
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
