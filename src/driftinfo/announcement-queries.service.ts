import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { type Actor, isSkr, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { ANNOUNCEMENT_WRITERS, AnnouncementAccessService } from './announcement-access.service';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { AnnouncementNotFoundError } from './driftinfo.errors';

/** How far back the writers' list keeps closed announcements, as the public board's history does. */
const CLOSED_DAYS = 30;
const MAX_LISTED = 100;

/** A bastjänst by its code and names. */
export interface NamedBastjänst {
  readonly code: string;
  readonly nameSv: string;
  readonly nameEn: string;
}

/** What the actor may announce: the central component (SKR, the Driftleverantör) and its bastjänster (all for SKR). */
export interface AnnounceableParts {
  readonly centralComponent: boolean;
  readonly bastjänster: readonly NamedBastjänst[];
}

/** Reading announcements for signed-in users; public-status.service.ts serves the public. */
@Injectable()
export class AnnouncementQueriesService {
  constructor(
    private readonly db: ScopedDb,
    private readonly access: AnnouncementAccessService,
  ) {}

  async get(actor: Actor, id: string): Promise<DriftAnnouncement> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const announcement = await manager.findOneBy(DriftAnnouncement, { id });
      if (!announcement) throw new AnnouncementNotFoundError();
      return announcement;
    });
  }

  async history(actor: Actor, id: string): Promise<DriftAnnouncementVersion[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (!(await manager.existsBy(DriftAnnouncement, { id }))) throw new AnnouncementNotFoundError();
      return manager.find(DriftAnnouncementVersion, { where: { announcementId: id }, order: { version: 'ASC' } });
    });
  }

  /** The outages going on now that concern `bastjänst` or the central component: what a reporter checks first. */
  async ongoingFor(actor: Actor, bastjänst: string): Promise<DriftAnnouncement[]> {
    return this.db.transaction(scopeOf(actor), (manager) =>
      manager
        .createQueryBuilder(DriftAnnouncement, 'a')
        .where(`a.kind = 'driftstorning' AND a.status = 'pagaende'`)
        .andWhere(new Brackets((q) => q.where(':bastjanst = ANY(a.bastjanster)', { bastjanst: bastjänst }).orWhere('a.central_component')))
        .orderBy('a.starts_at', 'DESC')
        .limit(50)
        .getMany(),
    );
  }

  /**
   * The announcements the actor may change or has lately closed, newest first: all of them for SKR, its party's own
   * otherwise (the same owner rule as every change).
   */
  async writableBy(actor: Actor): Promise<DriftAnnouncement[]> {
    return this.db.transaction(scopeOf(actor), (manager) => {
      const query = manager
        .createQueryBuilder(DriftAnnouncement, 'a')
        .where(
          new Brackets((q) =>
            q
              .where(`a.status IN ('pagaende', 'planerad')`)
              .orWhere(`a.last_update_at >= now() - make_interval(days => :days)`, { days: CLOSED_DAYS }),
          ),
        );
      if (!isSkr(actor)) query.andWhere('a.owner_party_id = :partyId', { partyId: actor.partyId });
      return query.orderBy('a.starts_at', 'DESC').limit(MAX_LISTED).getMany();
    });
  }

  /** An announcement for its edit page, with its versions: 404 when there is none, 403 when it is not the actor's. */
  async forEditing(actor: Actor, id: string): Promise<{ announcement: DriftAnnouncement; versions: DriftAnnouncementVersion[] }> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const announcement = await this.access.findOwned(manager, actor, id);
      const versions = await manager.find(DriftAnnouncementVersion, { where: { announcementId: id }, order: { version: 'ASC' } });
      return { announcement, versions };
    });
  }

  /**
   * Whether the actor may publish anything at all: a writer's role, and SKR or a party that owns the central
   * component or a bastjänst. The portal's menu offers the publishing pages on this, so a kommun's reporter or a
   * reader is not sent to a page that says it can do nothing.
   */
  async mayAnnounce(actor: Actor): Promise<boolean> {
    if (!actor.roles.some((role) => ANNOUNCEMENT_WRITERS.includes(role))) return false;
    if (isSkr(actor)) return true;
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const owner = await this.access.ownershipOf(manager, actor);
      return owner.driftleverantör || owner.ownBastjänster.length > 0;
    });
  }

  async announceableBy(actor: Actor): Promise<AnnounceableParts> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const owner = await this.access.ownershipOf(manager, actor);
      const rows = (await manager.query(`SELECT code, name_sv, name_en FROM bastjanst ORDER BY sort_order`)) as {
        code: string;
        name_sv: string;
        name_en: string;
      }[];
      return {
        centralComponent: owner.skr || owner.driftleverantör,
        bastjänster: rows
          .filter((row) => owner.skr || owner.ownBastjänster.includes(row.code))
          .map((row) => ({ code: row.code, nameSv: row.name_sv, nameEn: row.name_en })),
      };
    });
  }
}
