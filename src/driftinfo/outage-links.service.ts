import { Injectable } from '@nestjs/common';
import { type Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { DriftAnnouncement } from './drift-announcement.entity';
import {
  AnnouncementClosedError,
  AnnouncementFieldError,
  AnnouncementNotFoundError,
  LinkedDeviationNotFoundError,
} from './driftinfo.errors';
import { OutageDeviationLink } from './outage-deviation-link.entity';

/** A deviation linked to an outage, as a page lists it. */
export interface LinkedDeviation {
  readonly deviationId: string;
  readonly key: string;
  readonly title: string;
  readonly linkedAt: Date;
}

/**
 * Links between an outage and the deviations it caused or that report it. Whoever can see a deviation may attach it
 * to an ongoing outage instead of filing a duplicate: SKR any, the outage's owner and a reporting party their own.
 * The explicit filter repeats what row-level security says, so a query run with RLS relaxed still leaks nothing.
 */
@Injectable()
export class OutageLinksService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  async link(actor: Actor, announcementId: string, deviationId: string): Promise<OutageDeviationLink> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const outage = await manager.findOneBy(DriftAnnouncement, { id: announcementId });
      if (!outage) throw new AnnouncementNotFoundError();
      if (outage.kind !== 'driftstorning') throw new AnnouncementFieldError('/deviationId', 'Only an outage links to deviations.');
      if (outage.status === 'avslutad') throw new AnnouncementClosedError(outage.status);
      const visible = (await manager.query(
        `SELECT 1 FROM deviation WHERE id = $1 AND ($2::boolean OR party_id = $3::uuid OR responsible_party_id = $3::uuid)`,
        [deviationId, isSkr(actor), actor.partyId],
      )) as unknown[];
      if (visible.length === 0) throw new LinkedDeviationNotFoundError();
      const existing = await manager.findOneBy(OutageDeviationLink, { announcementId, deviationId });
      if (existing) return existing;
      const link = await manager.save(OutageDeviationLink, {
        announcementId,
        deviationId,
        linkedByPartyId: isSkr(actor) ? null : actor.partyId,
      });
      await this.audit.record(manager, actor, {
        action: 'drift.deviation_linked',
        entityType: 'drift_announcement',
        entityId: announcementId,
        partyId: actor.partyId,
        changes: { deviationId: { from: null, to: deviationId } },
      });
      return link;
    });
  }

  /** The announcements a deviation the actor sees is linked to: one query for a deviation's page, not one per outage. */
  async announcementsLinkedTo(actor: Actor, deviationId: string): Promise<Set<string>> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const rows = (await manager.query(
        `SELECT link.announcement_id AS id FROM drift_outage_deviation link JOIN deviation d ON d.id = link.deviation_id
          WHERE link.deviation_id = $1 AND ($2::boolean OR d.party_id = $3::uuid OR d.responsible_party_id = $3::uuid)`,
        [deviationId, isSkr(actor), actor.partyId],
      )) as { id: string }[];
      return new Set(rows.map((row) => row.id));
    });
  }

  /**
   * The deviations linked to an outage that the actor can see, with what a page names them by: all for SKR, for a
   * party those it reported or is responsible for (the cross-party rule), whoever owns the outage.
   */
  async linkedDeviations(actor: Actor, announcementId: string): Promise<LinkedDeviation[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const rows = (await manager.query(
        `SELECT d.id, d.key, d.rubrik, link.created_at FROM drift_outage_deviation link JOIN deviation d ON d.id = link.deviation_id
          WHERE link.announcement_id = $1 AND ($2::boolean OR d.party_id = $3::uuid OR d.responsible_party_id = $3::uuid)
          ORDER BY link.created_at, d.key`,
        [announcementId, isSkr(actor), actor.partyId],
      )) as { id: string; key: string; rubrik: string; created_at: Date }[];
      return rows.map((row) => ({ deviationId: row.id, key: row.key, title: row.rubrik, linkedAt: row.created_at }));
    });
  }

  /** The links of an outage the actor can see: its own deviations' links, or all for SKR. */
  async list(actor: Actor, announcementId: string): Promise<OutageDeviationLink[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (!(await manager.existsBy(DriftAnnouncement, { id: announcementId }))) throw new AnnouncementNotFoundError();
      const query = manager
        .createQueryBuilder(OutageDeviationLink, 'link')
        .where('link.announcement_id = :announcementId', { announcementId })
        .orderBy('link.created_at', 'ASC');
      if (!isSkr(actor))
        query.andWhere(
          'EXISTS (SELECT 1 FROM deviation d WHERE d.id = link.deviation_id AND (d.party_id = :own OR d.responsible_party_id = :own))',
          {
            own: actor.partyId,
          },
        );
      return query.getMany();
    });
  }
}
