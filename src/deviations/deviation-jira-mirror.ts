import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeviationForJira, DeviationMirror, ImportedComment, JiraDecision } from '../jira/deviation-mirror';
import { Party } from '../parties/party.entity';
import { isPrioritet } from '../sla/priority';
import { DeviationAttachment } from './deviation-attachment.entity';
import { DeviationAttachmentsService } from './deviation-attachments.service';
import { DeviationComment } from './deviation-comment.entity';
import { DeviationCommentsService } from './deviation-comments.service';
import { Deviation, DeviationStatus } from './deviation.entity';
import { DeviationsService, JIRA_ACTOR } from './deviations.service';
import { AuditService } from '../audit/audit.service';
import { NotificationType } from '../notifications/notification-event.entity';

/** The deviations side of the Jira sync: what the issue shows, and what SKR decided there. */
@Injectable()
export class DeviationJiraMirror extends DeviationMirror {
  constructor(
    private readonly deviations: DeviationsService,
    private readonly comments: DeviationCommentsService,
    private readonly attachments: DeviationAttachmentsService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async readForJira(manager: EntityManager, deviationId: string): Promise<DeviationForJira | null> {
    const d = await manager.findOneBy(Deviation, { id: deviationId });
    if (!d) return null;
    const party = await manager.findOneBy(Party, { id: d.partyId });
    const comments = await manager.find(DeviationComment, { where: { deviationId, internal: false }, order: { createdAt: 'ASC' } });
    const attachments = await manager.find(DeviationAttachment, { where: { deviationId }, order: { createdAt: 'ASC' } });
    return {
      id: d.id,
      partyId: d.partyId,
      partyName: party?.name ?? '',
      key: d.key,
      status: d.status,
      prioritet: d.prioritet ?? 'medel',
      rubrik: d.rubrik,
      reproduktionssteg: d.reproduktionssteg,
      skal: d.skäl,
      utfall: d.utfall ?? '',
      forvantat: d.förväntat,
      del: d.del ?? '',
      miljo: d.miljö ?? '',
      kravreferens: d.kravreferens,
      paverkan: d.påverkan ?? 0,
      tidpunkt: d.tidpunkt ?? 0,
      kontaktpersoner: d.kontaktpersoner,
      // Comments that came from Jira are never sent back: Jira has them already.
      comments: comments.filter((c) => c.origin !== 'jira').map((c) => ({ id: c.id, body: c.body, authorName: c.authorName, createdAt: c.createdAt })),
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, sizeBytes: Number(a.sizeBytes) })),
    };
  }

  async applyJiraDecision(manager: EntityManager, deviationId: string, decision: JiraDecision): Promise<boolean> {
    let deviation = await this.deviations.find(manager, deviationId, true);
    let changed = false;
    if (decision.changed.prioritet && decision.prioritet && isPrioritet(decision.prioritet) && decision.prioritet !== deviation.prioritet) {
      await this.audit.record(manager, JIRA_ACTOR, {
        action: 'deviation.priority_from_jira',
        entityType: 'deviation',
        entityId: deviationId,
        partyId: deviation.partyId,
        changes: { prioritet: { from: deviation.prioritet, to: decision.prioritet } },
      });
      deviation = await manager.save(Deviation, { ...deviation, prioritet: decision.prioritet, prioritetOverridden: true });
      await this.deviations.notify(manager, deviation, NotificationType.PrioritetAndrad, { prioritet: decision.prioritet });
      changed = true;
    }
    const status = decision.status as DeviationStatus;
    if (decision.changed.status && (await this.deviations.applyStatusFromJira(manager, deviation, status, decision.resolution))) changed = true;
    else if (decision.changed.resolution && status === DeviationStatus.Lost && deviation.status === DeviationStatus.Lost && decision.resolution !== deviation.resolution) {
      await manager.update(Deviation, { id: deviationId }, { resolution: decision.resolution });
      changed = true;
    }
    return changed;
  }

  importJiraComment(manager: EntityManager, deviationId: string, comment: ImportedComment): Promise<string> {
    return this.comments.importFromJira(manager, deviationId, comment.body, comment.createdAt);
  }

  updateImportedComment(manager: EntityManager, commentId: string, body: string): Promise<void> {
    return this.comments.updateImported(manager, commentId, body);
  }

  openAttachment(manager: EntityManager, attachmentId: string): Promise<Buffer> {
    return this.attachments.readAll(manager, attachmentId);
  }
}
