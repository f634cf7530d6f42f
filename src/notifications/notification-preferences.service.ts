import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { AppUser } from '../parties/app-user.entity';
import { PreferencesResponseDto, UpdatePreferencesDto } from './dto/notification-preferences.dto';
import { MANDATORY_NOTIFICATION_TYPES, NOTIFICATION_TYPES } from './notification-type';
import { NotificationPreference } from './notification-preference.entity';
import { NOTIFICATION_TYPE_NAMES } from './notification-templates';
import { NotificationUserUnknownError, PreferenceMandatoryError } from './notifications.errors';

/** The acting user's e-mail choices per event type. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor): Promise<PreferencesResponseDto> {
    return this.db.transaction(scopeOf(actor), (m) => this.effective(m, actor));
  }

  /** Changes the listed types only; all or nothing, so a refused entry writes no row. */
  async update(actor: Actor, dto: UpdatePreferencesDto): Promise<PreferencesResponseDto> {
    const refused = dto.preferences.flatMap((p, i) =>
      MANDATORY_NOTIFICATION_TYPES.includes(p.type) && !p.email
        ? [{ pointer: `/preferences/${i}/email`, detail: `'${p.type}' is always e-mailed and cannot be turned off.`, code: 'mandatory' }]
        : [],
    );
    if (refused.length) throw new PreferenceMandatoryError(refused);
    return this.db.transaction(scopeOf(actor), async (m) => {
      if (!(await m.existsBy(AppUser, { subject: actor.userId, partyId: actor.partyId!, active: true })))
        throw new NotificationUserUnknownError();
      const before = await this.effective(m, actor);
      const values = dto.preferences.map((p) => [actor.userId, p.type, actor.partyId, p.email]);
      await m.query(
        `INSERT INTO notification_preference (user_subject, type, party_id, email)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::boolean[])
         ON CONFLICT (user_subject, party_id, type) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
        [values.map((v) => v[0]), values.map((v) => v[1]), values.map((v) => v[2]), values.map((v) => v[3])],
      );
      const after = await this.effective(m, actor);
      const changes = Object.fromEntries(
        after.preferences.filter((p, i) => p.email !== before.preferences[i].email).map((p) => [p.type, { from: !p.email, to: p.email }]),
      );
      if (Object.keys(changes).length) {
        await this.audit.record(m, actor, {
          action: 'notification_preferences.updated',
          entityType: 'notification_preferences',
          entityId: actor.userId,
          partyId: actor.partyId,
          changes,
        });
      }
      return after;
    });
  }

  /** Every event type with what applies: no row means on, and a mandatory type is on whatever a row says. */
  private async effective(manager: EntityManager, actor: Actor): Promise<PreferencesResponseDto> {
    const rows = await manager.find(NotificationPreference, { where: { userSubject: actor.userId, partyId: actor.partyId! } });
    const off = new Set(rows.filter((r) => !r.email).map((r) => r.type));
    return {
      preferences: NOTIFICATION_TYPES.map((type) => {
        const mandatory = MANDATORY_NOTIFICATION_TYPES.includes(type);
        return { type, name: NOTIFICATION_TYPE_NAMES[type], email: mandatory || !off.has(type), mandatory };
      }),
    };
  }
}
