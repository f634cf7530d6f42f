import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { type Actor, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { AnnouncementNotFoundError } from './driftinfo.errors';

/** Reading announcements for signed-in users; public-status.service.ts serves the public. */
@Injectable()
export class AnnouncementQueriesService {
  constructor(private readonly db: ScopedDb) {}

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
}
