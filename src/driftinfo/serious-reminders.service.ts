import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';

/**
 * The serious-incident routine's reminder (UC ch. 6; the routine document itself is not among the seeds): while an
 * outage flagged `allvarlig` is ongoing, SKR is reminded each time DRIFTINFO_SERIOUS_REMINDER_MINUTES pass without an
 * update going out. The reminder is an announcement event (SKR's feed, and DRIFTINFO_SKR_EMAIL), written with the
 * outage's `reminded_at` in one transaction, so two workers or a retried scan never remind twice.
 */
@Injectable()
export class SeriousRemindersService {
  private readonly logger = new Logger(SeriousRemindersService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  async scan(): Promise<{ reminded: number }> {
    const minutes = this.config.DRIFTINFO_SERIOUS_REMINDER_MINUTES;
    const reminded = await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const due = (await m.query(
        `UPDATE drift_announcement SET reminded_at = $1
          WHERE id IN (SELECT id FROM drift_announcement
                        WHERE kind = 'driftstorning' AND status = 'pagaende' AND severity = 'allvarlig'
                          AND greatest(last_update_at, coalesce(reminded_at, last_update_at)) <= $1::timestamptz - make_interval(mins => $2)
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, title_sv, title_en, last_update_at, owner_party_id`,
        [this.clock.now(), minutes],
      )) as [{ id: string; title_sv: string; title_en: string | null; last_update_at: Date; owner_party_id: string | null }[], number];
      for (const outage of due[0]) {
        await this.notifications.emitAnnouncement(m, {
          type: NotificationType.DriftPåminnelse,
          subject: { id: outage.id, key: 'Driftinformation', title: outage.title_sv },
          outboxPartyId: outage.owner_party_id,
          data: { title: outage.title_sv, titleEn: outage.title_en, minutes, lastUpdate: outage.last_update_at.toISOString() },
        });
      }
      return due[0].length;
    });
    if (reminded) this.logger.log({ reminded, minutes }, 'serious outages reminded');
    return { reminded };
  }
}
