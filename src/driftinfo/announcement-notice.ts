// What an announcement's notification event carries: the public fields only (the same whitelist spirit as
// public-announcement.ts: no cause, action plan, owner or exception reason), and what subscribers are matched by.
import type { AnnouncementEventInput } from '../notifications/notifications.service';
import { NotificationType } from '../notifications/notification-type';
import type { DriftAnnouncement } from './drift-announcement.entity';

/** The audit action of each change, and the event its subscribers receive. */
export const NOTICE_TYPES = {
  'drift.published': NotificationType.DriftPublicerad,
  'drift.updated': NotificationType.DriftUppdaterad,
  'drift.resolved': NotificationType.DriftAvslutad,
  'drift.cancelled': NotificationType.DriftInställd,
} as const;

export type AnnouncementAction = keyof typeof NOTICE_TYPES;

/** The subject key that leads the e-mail subject (`[Driftinformation] Ny driftstörning: …`). */
const SUBJECT_KEY = 'Driftinformation';

export function announcementNotice(
  a: DriftAnnouncement,
  action: AnnouncementAction,
  message: { messageSv?: string; messageEn?: string },
  /** The affected parts by name, in Swedish (the central component first). */
  affects: string,
): AnnouncementEventInput {
  return {
    type: NOTICE_TYPES[action],
    subject: { id: a.id, key: SUBJECT_KEY, title: a.titleSv },
    outboxPartyId: a.ownerPartyId,
    data: {
      kind: a.kind,
      status: a.status,
      version: a.version,
      central: a.centralComponent ? 'ja' : 'nej',
      bastjanster: a.bastjänster.join(','),
      affects,
      title: a.titleSv,
      titleEn: a.titleEn,
      impact: a.impactSv,
      impactEn: a.impactEn,
      start: a.startsAt.toISOString(),
      expectedEnd: a.expectedEndAt?.toISOString() ?? null,
      end: a.endedAt?.toISOString() ?? null,
      message: message.messageSv ?? null,
      messageEn: message.messageEn ?? null,
    },
  };
}
