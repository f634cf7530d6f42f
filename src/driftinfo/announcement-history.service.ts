import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { type AnnouncementAction, announcementNotice } from './announcement-notice';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';

/** The message a change sends to subscribers and keeps in the history, in Swedish and, when given, English. */
export interface AnnouncementMessage {
  readonly messageSv?: string;
  readonly messageEn?: string;
}

/**
 * What every change of an announcement leaves, in the change's transaction: the version with its snapshot and
 * message, the audit entry, and the notice the outbox takes to subscribers.
 */
@Injectable()
export class AnnouncementHistoryService {
  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(
    manager: EntityManager,
    actor: Actor,
    saved: DriftAnnouncement,
    action: AnnouncementAction,
    message: AnnouncementMessage,
  ): Promise<void> {
    const { ownerParty: _owner, ...snapshot } = saved;
    await manager.save(DriftAnnouncementVersion, {
      announcementId: saved.id,
      version: saved.version,
      messageSv: message.messageSv ?? null,
      messageEn: message.messageEn ?? null,
      snapshot: { ...snapshot },
      actorUserId: actor.userId,
    });
    await this.audit.record(manager, actor, {
      action,
      entityType: 'drift_announcement',
      entityId: saved.id,
      partyId: saved.ownerPartyId,
      changes: { version: { from: saved.version - 1, to: saved.version } },
    });
    await this.notifications.emitAnnouncement(manager, announcementNotice(saved, action, message, await affectedNames(manager, saved)));
  }
}

/** The affected parts by their Swedish names, the central component first, as the e-mails name them. */
async function affectedNames(manager: EntityManager, a: DriftAnnouncement): Promise<string> {
  const rows = (await manager.query(`SELECT name_sv FROM bastjanst WHERE code = ANY($1) ORDER BY sort_order`, [a.bastjänster])) as {
    name_sv: string;
  }[];
  return [...(a.centralComponent ? ['SSBTEK (central komponent)'] : []), ...rows.map((r) => r.name_sv)].join(', ');
}
