import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { addDays, toLocalDate } from '../agreements/time-zone';
import { DeclarationStatus } from './declaration.entity';
import { ReviewOutcome } from './declaration-review.entity';
import { DeclarationEventsService } from './declaration-events.service';
import { REMINDER_LEAD_DAYS } from '../queues/declarations.queue';

/** Agreed dates are Swedish calendar days. */
const TIME_ZONE = 'Europe/Stockholm';

interface DueReservation {
  review_id: string;
  declaration_id: string;
  party_id: string;
  agreed_date: string;
  title: string;
  version: number;
}

/** The repeating scan behind `förbehåll_närmar_sig`: one reminder per reservation, a week before its date. */
@Injectable()
export class DeclarationRemindersService {
  private readonly logger = new Logger(DeclarationRemindersService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly events: DeclarationEventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims the due reservations (`reminded_at` set in the same statement that selects them, so two scans never
   * both remind) and emits one event each, in one transaction: a failed emit un-claims them all. Only the round
   * the declaration is still in counts: once the party has resubmitted, the reservation is SKR's to judge.
   */
  async scan(): Promise<{ reminded: number }> {
    const now = this.clock.now();
    const horizon = addDays(toLocalDate(now, TIME_ZONE), REMINDER_LEAD_DAYS);
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const due = (await m.query(
        `UPDATE declaration_review r SET reminded_at = $1
           FROM declaration d JOIN declaration_template t ON t.id = d.template_id
          WHERE r.declaration_id = d.id AND r.round = d.round AND d.status = $2
            AND r.outcome = $3 AND r.reminded_at IS NULL AND r.agreed_date <= $4
          RETURNING r.id AS review_id, d.id AS declaration_id, d.party_id, to_char(r.agreed_date, 'YYYY-MM-DD') AS agreed_date, t.title, t.version`,
        [now, DeclarationStatus.Komplettering, ReviewOutcome.GodkändMedFörbehåll, horizon],
      )) as [DueReservation[], number];
      const rows = due[0];
      for (const row of rows) {
        await this.events.notify(m, { id: row.declaration_id, partyId: row.party_id }, row, NotificationType.FörbehållNärmarSig, {
          dueDate: row.agreed_date,
        });
      }
      if (rows.length > 0) this.logger.log({ reminded: rows.length }, 'reservation reminders sent');
      return { reminded: rows.length };
    });
  }
}
