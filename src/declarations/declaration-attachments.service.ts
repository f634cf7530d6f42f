import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { FileStore } from '../storage/file-store';
import { fileAddedChange, storedFileColumns, UploadReceiver } from '../storage/upload-receiver';
import { AttachmentNotFoundError } from '../storage/upload.errors';
import { escapePointer } from './declaration-answers';
import { DeclarationAnswer } from './declaration-answer.entity';
import { DeclarationAttachment } from './declaration-attachment.entity';
import { Declaration, EDITABLE_STATUSES } from './declaration.entity';
import { DeclarationAttachmentInUseError, DeclarationLockedError } from './declarations.errors';
import { DeclarationQueriesService } from './declaration-queries.service';

/** Evidence of the declaration itself: added and removed while the party may edit, read by the party and SKR. */
@Injectable()
export class DeclarationAttachmentsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeclarationQueriesService,
    private readonly audit: AuditService,
    private readonly files: FileStore,
    private readonly uploads: UploadReceiver,
  ) {}

  async list(actor: Actor, declarationId: string): Promise<DeclarationAttachment[]> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      await this.queries.find(m, actor, declarationId);
      return m.find(DeclarationAttachment, { where: { declarationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    });
  }

  async upload(actor: Actor, declarationId: string, request: IncomingMessage): Promise<DeclarationAttachment> {
    // Checked before reading the body, so a foreign or locked declaration costs no upload.
    await this.db.transaction(scopeOf(actor), (m) => this.editable(m, actor, declarationId));
    return this.uploads.receiveAndRecord(request, (received) =>
      this.db.transaction(scopeOf(actor), async (m) => {
        const declaration = await this.editable(m, actor, declarationId, true);
        const attachment = await m.save(
          m.create(DeclarationAttachment, { declarationId, partyId: declaration.partyId, ...storedFileColumns(received, actor.userId) }),
        );
        await this.audit.record(m, actor, {
          action: 'declaration.attachment_added',
          entityType: 'declaration',
          entityId: declarationId,
          partyId: declaration.partyId,
          changes: fileAddedChange(received),
        });
        return attachment;
      }),
    );
  }

  async open(actor: Actor, declarationId: string, attachmentId: string): Promise<{ attachment: DeclarationAttachment; stream: Readable }> {
    const attachment = await this.db.transaction(scopeOf(actor), async (m) => {
      await this.queries.find(m, actor, declarationId);
      return this.attachmentOf(m, declarationId, attachmentId);
    });
    return { attachment, stream: this.files.read(attachment.storageKey) };
  }

  /** Removes an attachment no answer cites; the file goes once the row is gone for good. */
  async remove(actor: Actor, declarationId: string, attachmentId: string): Promise<void> {
    const removed = await this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.editable(m, actor, declarationId, true);
      const attachment = await this.attachmentOf(m, declarationId, attachmentId);
      const citing = (await m.findBy(DeclarationAnswer, { declarationId }))
        .filter((answer) => answer.evidence.some((e) => e.attachmentId === attachmentId))
        .map((answer) => `/answers/${escapePointer(answer.questionKey)}/evidence`);
      if (citing.length > 0) throw new DeclarationAttachmentInUseError(citing);
      await m.delete(DeclarationAttachment, { id: attachmentId });
      await this.audit.record(m, actor, {
        action: 'declaration.attachment_removed',
        entityType: 'declaration',
        entityId: declarationId,
        partyId: declaration.partyId,
        changes: { bilaga: { from: { filename: attachment.filename, sha256: attachment.sha256 }, to: null } },
      });
      return attachment;
    });
    await this.files.delete(removed.storageKey);
  }

  private async editable(m: EntityManager, actor: Actor, declarationId: string, forUpdate = false): Promise<Declaration> {
    const declaration = await this.queries.find(m, actor, declarationId, forUpdate);
    if (!EDITABLE_STATUSES.includes(declaration.status)) throw new DeclarationLockedError(declaration.status);
    return declaration;
  }

  private async attachmentOf(m: EntityManager, declarationId: string, attachmentId: string): Promise<DeclarationAttachment> {
    const attachment = await m.findOneBy(DeclarationAttachment, { id: attachmentId, declarationId });
    if (!attachment) throw new AttachmentNotFoundError();
    return attachment;
  }
}
