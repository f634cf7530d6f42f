import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Bastjänst } from '../parties/bastjanst.entity';
import { Party } from '../parties/party.entity';
import { isPrioritet } from '../agreements/priority';
import { DeviationAttachment } from './deviation-attachment.entity';
import { DeviationAttachmentsService } from './deviation-attachments.service';
import { DeviationComment } from './deviation-comment.entity';
import { DeviationCommentsService } from './deviation-comments.service';
import { Deviation, DeviationStatus } from './deviation.entity';
import { DeviationEventsService } from './deviation-events.service';
import { DeviationInsert, type JiraRegistration } from './deviation-insert';
import { JIRA_ACTOR } from './deviation-lifecycle';
import { DeviationResponsibilityService } from './deviation-responsibility.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { DeviationTriageService } from './deviation-triage.service';
import { NotificationType } from '../notifications/notification-type';

/** What the sync reads of a deviation to write its Jira issue (the party-owned side). */
export interface DeviationForJira {
  id: string;
  /** Null for a deviation SKR registered itself. */
  partyId: string | null;
  partyName: string;
  /** SKR's triage decision; null until it is made. */
  responsiblePartyId: string | null;
  responsiblePartyOrganisationNumber: string | null;
  /** The bastjänst's code and Swedish name; null when none is named. */
  bastjänst: string | null;
  bastjänstName: string | null;
  key: string;
  status: string;
  /** SKR's solution as written in the service (free text), null until one is set. */
  resolution: string | null;
  prioritet: string;
  rubrik: string;
  reproduktionssteg: string | null;
  skäl: string | null;
  utfall: string;
  förväntat: string | null;
  del: string;
  miljö: string;
  kravreferens: string | null;
  påverkan: number;
  tidpunkt: number;
  kontaktpersoner: { namn: string; telefon: string; epost: string }[];
  /** Public comments written in this service (never internal notes, never comments imported from Jira). */
  comments: { id: string; body: string; authorName: string; createdAt: Date }[];
  attachments: { id: string; filename: string; sizeBytes: number }[];
}

/** The SKR-owned state as read from Jira, and which of it SKR changed there since the sync last knew it. */
export interface JiraDecision {
  status: string;
  prioritet: string | null;
  resolution: string | null;
  /** Jira's `updated` of the state read. */
  updatedAt: Date;
  /** A value not changed in Jira may merely lag ours (a change made in the service, not yet pushed): it is no decision. */
  changed: { status: boolean; prioritet: boolean; resolution: boolean; responsibleParty?: boolean };
  /**
   * The responsible party Jira's field names (JIRA_RESPONSIBLE_PARTY_FIELD), null when it is empty or not read. An
   * emptied field is no decision: SKR takes a responsible party away only by naming another.
   */
  responsiblePartyId?: string | null;
}

export interface ImportedComment {
  jiraCommentId: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

/**
 * The deviations module as the Jira sync needs it: what the issue shows, and what SKR decided there. The sync never
 * touches the deviation tables itself; it imports this service one way (deviations knows nothing of Jira beyond the
 * outbox rows naming the jira-sync queue).
 */
@Injectable()
export class DeviationMirror {
  constructor(
    private readonly queries: DeviationQueriesService,
    private readonly triage: DeviationTriageService,
    private readonly events: DeviationEventsService,
    private readonly comments: DeviationCommentsService,
    private readonly attachments: DeviationAttachmentsService,
    private readonly inserts: DeviationInsert,
    private readonly responsibility: DeviationResponsibilityService,
  ) {}

  async readForJira(manager: EntityManager, deviationId: string): Promise<DeviationForJira | null> {
    const d = await manager.findOneBy(Deviation, { id: deviationId });
    if (!d) return null;
    const party = d.partyId ? await manager.findOneBy(Party, { id: d.partyId }) : null;
    const responsible = d.responsiblePartyId ? await manager.findOneBy(Party, { id: d.responsiblePartyId }) : null;
    const bastjänst = d.bastjänst ? await manager.findOneBy(Bastjänst, { code: d.bastjänst }) : null;
    const comments = await manager.find(DeviationComment, { where: { deviationId, internal: false }, order: { createdAt: 'ASC' } });
    const attachments = await manager.find(DeviationAttachment, { where: { deviationId }, order: { createdAt: 'ASC' } });
    return {
      id: d.id,
      partyId: d.partyId,
      partyName: party?.name ?? '',
      responsiblePartyId: d.responsiblePartyId,
      responsiblePartyOrganisationNumber: responsible?.organisationNumber ?? null,
      bastjänst: d.bastjänst,
      bastjänstName: bastjänst?.nameSv ?? null,
      key: d.key,
      status: d.status,
      resolution: d.resolution,
      prioritet: d.prioritet ?? 'medel',
      rubrik: d.rubrik,
      reproduktionssteg: d.reproduktionssteg,
      skäl: d.skäl,
      utfall: d.utfall ?? '',
      förväntat: d.förväntat,
      del: d.del ?? '',
      miljö: d.miljö ?? '',
      kravreferens: d.kravreferens,
      påverkan: d.påverkan ?? 0,
      tidpunkt: d.tidpunkt ?? 0,
      kontaktpersoner: d.kontaktpersoner,
      // Comments that came from Jira are never sent back: Jira has them already.
      comments: comments
        .filter((c) => c.origin !== 'jira')
        .map((c) => ({ id: c.id, body: c.body, authorName: c.authorName, createdAt: c.createdAt })),
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, sizeBytes: Number(a.sizeBytes) })),
    };
  }

  async applyJiraDecision(manager: EntityManager, deviationId: string, decision: JiraDecision): Promise<boolean> {
    let changed = false;
    if (decision.changed.responsibleParty && decision.responsiblePartyId) {
      changed = await this.responsibility.assignFromJira(manager, deviationId, decision.responsiblePartyId);
    }
    let deviation = await this.queries.find(manager, deviationId, true);
    if (decision.changed.prioritet && decision.prioritet && isPrioritet(decision.prioritet) && decision.prioritet !== deviation.prioritet) {
      await this.events.record(manager, JIRA_ACTOR, deviation, 'deviation.priority_from_jira', {
        prioritet: { from: deviation.prioritet, to: decision.prioritet },
      });
      deviation = await manager.save(Deviation, { ...deviation, prioritet: decision.prioritet, prioritetOverridden: true });
      await this.events.notify(manager, deviation, NotificationType.PrioritetÄndrad, { prioritet: decision.prioritet });
      changed = true;
    }
    const status = decision.status as DeviationStatus;
    if (decision.changed.status && (await this.triage.applyStatusFromJira(manager, deviation, status, decision.resolution))) changed = true;
    else if (
      decision.changed.resolution &&
      status === DeviationStatus.Löst &&
      deviation.status === DeviationStatus.Löst &&
      decision.resolution !== deviation.resolution
    ) {
      await manager.update(Deviation, { id: deviationId }, { resolution: decision.resolution });
      changed = true;
    }
    return changed;
  }

  /** Registers a known deviation SKR created in Jira, and tells its responsible party (see JiraImportService). */
  async registerFromJira(manager: EntityManager, registration: JiraRegistration): Promise<Deviation> {
    const deviation = await this.inserts.insertFromJira(manager, registration);
    await this.events.notify(manager, deviation, NotificationType.AnsvarTilldelat, {}, 'responsible');
    return deviation;
  }

  importJiraComment(manager: EntityManager, deviationId: string, comment: ImportedComment): Promise<string> {
    return this.comments.importFromJira(manager, deviationId, comment.body, comment.createdAt);
  }

  updateImportedComment(manager: EntityManager, commentId: string, body: string): Promise<void> {
    return this.comments.updateImported(manager, commentId, body);
  }

  withdrawImportedComment(manager: EntityManager, commentId: string): Promise<void> {
    return this.comments.withdrawImported(manager, commentId);
  }

  openAttachment(manager: EntityManager, attachmentId: string): Promise<Buffer> {
    return this.attachments.readAll(manager, attachmentId);
  }
}
