import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { FileStore } from '../storage/file-store';
import { fileAddedChange, storedFileColumns, UploadReceiver } from '../storage/upload-receiver';
import { DeviationAttachment } from './deviation-attachment.entity';
import { DeviationStatus } from './deviation.entity';
import { DeviationEventsService } from './deviation-events.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { AttachmentNotFoundError, DeviationNotEditableError } from './deviations.errors';

/** A deviation's evidence: received by the UploadReceiver, recorded here, or deleted again — never half of it. */
@Injectable()
export class DeviationAttachmentsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeviationQueriesService,
    private readonly events: DeviationEventsService,
    private readonly audit: AuditService,
    private readonly files: FileStore,
    private readonly uploads: UploadReceiver,
  ) {}

  async list(actor: Actor, deviationId: string): Promise<DeviationAttachment[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.queries.findFor(manager, actor, deviationId);
      return manager.find(DeviationAttachment, { where: { deviationId }, order: { createdAt: 'ASC' } });
    });
  }

  async upload(actor: Actor, deviationId: string, request: IncomingMessage): Promise<DeviationAttachment> {
    // Checked before reading the body, so a foreign or closed deviation costs no upload.
    await this.db.transaction(scopeOf(actor), async (manager) => this.assertAcceptsEvidence(manager, actor, deviationId));
    return this.uploads.receiveAndRecord(request, (received) =>
      this.db.transaction(scopeOf(actor), async (manager) => {
        const deviation = await this.assertAcceptsEvidence(manager, actor, deviationId);
        // A deviation SKR registered itself has no reporter: its evidence is filed under its responsible party.
        const owner = deviation.partyId ?? deviation.responsiblePartyId;
        if (!owner) throw new Error(`deviation ${deviation.id} has neither a reporting nor a responsible party`);
        const attachment = await manager.save(
          manager.create(DeviationAttachment, { deviationId, partyId: owner, ...storedFileColumns(received, actor.userId) }),
        );
        await this.audit.record(manager, actor, {
          action: 'attachment.added',
          entityType: 'deviation',
          entityId: deviationId,
          partyId: deviation.partyId,
          changes: fileAddedChange(received),
        });
        if (deviation.status !== DeviationStatus.Utkast) await this.events.queueJiraPush(manager, deviation);
        return attachment;
      }),
    );
  }

  async open(actor: Actor, deviationId: string, attachmentId: string): Promise<{ attachment: DeviationAttachment; stream: Readable }> {
    const attachment = await this.db.transaction(scopeOf(actor), async (manager) => {
      await this.queries.findFor(manager, actor, deviationId);
      const found = await manager.findOneBy(DeviationAttachment, { id: attachmentId, deviationId });
      if (!found) throw new AttachmentNotFoundError();
      return found;
    });
    return { attachment, stream: this.files.read(attachment.storageKey) };
  }

  /** The whole content, for the Jira sync (Jira takes the file as one multipart part). */
  async readAll(manager: EntityManager, attachmentId: string): Promise<Buffer> {
    const attachment = await manager.findOneByOrFail(DeviationAttachment, { id: attachmentId });
    const chunks: Buffer[] = [];
    for await (const chunk of this.files.read(attachment.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async assertAcceptsEvidence(manager: EntityManager, actor: Actor, deviationId: string) {
    const deviation = await this.queries.findFor(manager, actor, deviationId);
    if (deviation.status === DeviationStatus.Återkallad || deviation.status === DeviationStatus.Stängd) {
      throw new DeviationNotEditableError(deviation.status);
    }
    return deviation;
  }
}
