import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { In } from 'typeorm';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { Catalogue, type Language, type Translate } from '../pages/catalogue';
import { isDisturbedOnly } from './availability';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { type PublicAnnouncement, toPublic } from './public-announcement';

/** How far back the board's history reaches. */
const HISTORY_DAYS = 30;
const MAX_PER_LIST = 50;
const DAY_MS = 86_400_000;

/** The board's entry for the central component, which is no bastjänst. */
export const CENTRAL_CODE = 'central';

export type ServiceState = 'tillganglig' | 'storning' | 'otillganglig' | 'underhall';

export interface BoardEntry {
  code: string;
  name: string;
  state: ServiceState;
  stateName: string;
}

/** Exactly what the public status page, the JSON endpoint and the feeds show; nothing else leaves the service. */
export interface StatusBoard {
  language: Language;
  generatedAt: string;
  services: BoardEntry[];
  ongoing: PublicAnnouncement[];
  upcoming: PublicAnnouncement[];
  recent: PublicAnnouncement[];
}

/** The board with what HTTP caching needs: a validator of its content and when it last changed. */
export interface CacheableBoard {
  board: StatusBoard;
  etag: string;
  lastModified: Date;
}

/** The public status board (issue 23): current state per bastjänst, ongoing outages, upcoming windows, history. */
@Injectable()
export class StatusBoardService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly catalogue: Catalogue,
  ) {}

  async current(language: Language): Promise<CacheableBoard> {
    const now = this.clock.now();
    const { announcements, versions, names } = await this.read(now);
    const t = this.catalogue.translator(language);
    const inProgress = (a: DriftAnnouncement) =>
      a.status !== 'avslutad' && a.status !== 'installd' && a.startsAt.getTime() <= now.getTime();
    const pub = (a: DriftAnnouncement) =>
      toPublic(
        a,
        versions.filter((v) => v.announcementId === a.id),
        names,
        language,
        t,
      );
    const ongoing = announcements.filter(inProgress);
    const board: StatusBoard = {
      language,
      generatedAt: now.toISOString(),
      services: [
        entry(CENTRAL_CODE, t('driftinfo.central'), stateOf(ongoing, null), t),
        ...[...names].map(([code, name]) => entry(code, name[language], stateOf(ongoing, code), t)),
      ],
      ongoing: ongoing.map(pub),
      upcoming: announcements.filter((a) => a.status === 'planerad' && a.startsAt.getTime() > now.getTime()).map(pub),
      recent: announcements.filter((a) => a.status === 'avslutad' || a.status === 'installd').map(pub),
    };
    const { generatedAt: _generatedAt, ...content } = board;
    return {
      board,
      etag: `W/"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27)}"`,
      lastModified: lastChange(announcements, now),
    };
  }

  private async read(now: Date) {
    return this.db.transaction({ partyId: null, skr: false }, async (manager) => {
      const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
      const open = await manager.find(DriftAnnouncement, {
        where: { status: In(['pagaende', 'planerad']) },
        order: { startsAt: 'ASC' },
        take: MAX_PER_LIST * 2,
      });
      const recent = await manager
        .createQueryBuilder(DriftAnnouncement, 'a')
        // A window called off stays in the history (and the calendar, as CANCELLED) so subscribers' copies learn of it.
        .where(`(a.status = 'avslutad' AND a.ended_at >= :since) OR (a.status = 'installd' AND a.last_update_at >= :since)`, { since })
        .orderBy('coalesce(a.ended_at, a.last_update_at)', 'DESC')
        .take(MAX_PER_LIST)
        .getMany();
      const announcements = [...open, ...recent];
      const versions =
        announcements.length === 0
          ? []
          : await manager.find(DriftAnnouncementVersion, {
              where: { announcementId: In(announcements.map((a) => a.id)) },
              order: { version: 'ASC' },
            });
      const rows = (await manager.query(`SELECT code, name_sv, name_en FROM bastjanst ORDER BY sort_order`)) as {
        code: string;
        name_sv: string;
        name_en: string;
      }[];
      const names = new Map(rows.map((r) => [r.code, { sv: r.name_sv, en: r.name_en }]));
      return { announcements, versions, names };
    });
  }
}

function entry(code: string, name: string, state: ServiceState, t: Translate): BoardEntry {
  return { code, name, state, stateName: t(`driftinfo.state.${state}`) };
}

/** `code` null is the central component. An outage of it that leaves three agencies answering is a disruption (§4.9). */
function stateOf(ongoing: readonly DriftAnnouncement[], code: string | null): ServiceState {
  const concerning = ongoing.filter((a) => a.centralComponent || (code !== null && a.bastjänster.includes(code)));
  const outages = concerning.filter((a) => a.kind === 'driftstorning');
  const named = (a: DriftAnnouncement) => (code === null ? a.centralComponent : a.bastjänster.includes(code));
  if (outages.some((a) => named(a) || !isDisturbedOnly(a))) return 'otillganglig';
  if (outages.length > 0) return 'storning';
  return concerning.length > 0 ? 'underhall' : 'tillganglig';
}

/**
 * When the board last changed: an update, or a start or planned end that has passed since (a window begins with no
 * write), so If-Modified-Since never keeps a poller on a board from before the window started.
 */
function lastChange(announcements: readonly DriftAnnouncement[], now: Date): Date {
  const instants = announcements.flatMap((a) => [a.lastUpdateAt, a.startsAt, a.expectedEndAt].filter((d): d is Date => d !== null));
  const passed = instants.map((d) => d.getTime()).filter((t) => t <= now.getTime());
  // HTTP dates have whole seconds: round down, or a client echoing the header back would never match.
  return new Date(Math.floor(Math.max(0, ...passed) / 1000) * 1000);
}
