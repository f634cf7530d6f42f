import { Injectable } from '@nestjs/common';
import { type Actor, isSkr, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { AnnouncementAccessService } from './announcement-access.service';
import { AnnouncementHistoryService } from './announcement-history.service';
import { describeNotice, earliestStart, requiredNotice } from './announcement-rules';
import { DriftAnnouncement } from './drift-announcement.entity';
import { AnnouncementFieldError, AnnouncementNotCancellableError, NoticeTooShortError } from './driftinfo.errors';
import { CancelAnnouncementDto, CreateAnnouncementDto, ResolveAnnouncementDto, UpdateAnnouncementDto } from './dto/announcement.dto';

/** Publishing, updating and resolving outages and service windows; each change is a new version, audited. */
@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly access: AnnouncementAccessService,
    private readonly history: AnnouncementHistoryService,
  ) {}

  async publish(actor: Actor, dto: CreateAnnouncementDto): Promise<DriftAnnouncement> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const affects = { centralComponent: dto.centralKomponent ?? false, bastjänster: [...new Set(dto.bastjänster ?? [])] };
      await this.access.assertMayAnnounce(manager, actor, affects);
      const now = this.clock.now();
      this.assertNotice(dto, affects.bastjänster, now);
      const planned = dto.typ === 'planerad_andring';
      if (planned && !dto.förväntatSlut) throw new AnnouncementFieldError('/förväntatSlut', 'A service window needs its planned end.');
      assertEndAfterStart(dto.start, dto.förväntatSlut ?? null, '/förväntatSlut');
      const announcement = manager.create(DriftAnnouncement, {
        kind: dto.typ,
        status: planned && dto.start.getTime() > now.getTime() ? 'planerad' : 'pagaende',
        ownerPartyId: isSkr(actor) ? null : actor.partyId,
        centralComponent: affects.centralComponent,
        bastjänster: affects.bastjänster,
        titleSv: dto.rubrik,
        titleEn: englishText(dto.rubrikEn, null),
        impactSv: dto.påverkan,
        impactEn: englishText(dto.påverkanEn, null),
        severity: planned ? null : (dto.allvarlighet ?? 'medel'),
        answeringAgencies: dto.svarandeMyndigheter ?? null,
        startsAt: dto.start,
        expectedEndAt: dto.förväntatSlut ?? null,
        announcedEndAt: planned ? dto.förväntatSlut! : null,
        endedAt: null,
        release: dto.release ?? false,
        contentChange: dto.innehållsändring ?? false,
        noticeExceptionReason: dto.undantagMotivering ?? null,
        cause: dto.orsak ?? null,
        actionPlan: dto.åtgärdsplan ?? null,
        publishedAt: now,
        lastUpdateAt: now,
        version: 1,
      });
      const saved = await manager.save(DriftAnnouncement, announcement);
      await this.history.record(manager, actor, saved, 'drift.published', { messageSv: dto.meddelande, messageEn: dto.meddelandeEn });
      return saved;
    });
  }

  /** A new version of an open announcement. The caller's ETag must match, so no concurrent update is lost. */
  async update(actor: Actor, id: string, expected: number, dto: UpdateAnnouncementDto): Promise<DriftAnnouncement> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.access.findWritable(manager, actor, id, expected);
      const affects = {
        centralComponent: dto.centralKomponent ?? before.centralComponent,
        bastjänster: dto.bastjänster ? [...new Set(dto.bastjänster)] : before.bastjänster,
      };
      await this.access.assertMayAnnounce(manager, actor, affects);
      const now = this.clock.now();
      const end = dto.förväntatSlut ?? before.expectedEndAt;
      assertEndAfterStart(before.startsAt, end, '/förväntatSlut');
      const after: DriftAnnouncement = {
        ...before,
        centralComponent: affects.centralComponent,
        bastjänster: affects.bastjänster,
        titleSv: dto.rubrik ?? before.titleSv,
        titleEn: englishText(dto.rubrikEn, before.titleEn),
        impactSv: dto.påverkan ?? before.impactSv,
        impactEn: englishText(dto.påverkanEn, before.impactEn),
        severity: before.kind === 'driftstorning' ? (dto.allvarlighet ?? before.severity) : null,
        answeringAgencies: dto.svarandeMyndigheter ?? before.answeringAgencies,
        expectedEndAt: end,
        announcedEndAt: announcedEnd(before, end, now),
        cause: dto.orsak ?? before.cause,
        actionPlan: dto.åtgärdsplan ?? before.actionPlan,
        status: before.status === 'planerad' && before.startsAt.getTime() <= now.getTime() ? 'pagaende' : before.status,
        lastUpdateAt: now,
        version: before.version + 1,
      };
      const saved = await manager.save(DriftAnnouncement, after);
      await this.history.record(manager, actor, saved, 'drift.updated', { messageSv: dto.meddelande, messageEn: dto.meddelandeEn });
      return saved;
    });
  }

  /** The outage is over or the work is done: its end, and for an outage the cause and action plan (UC §5.1). */
  async resolve(actor: Actor, id: string, expected: number, dto: ResolveAnnouncementDto): Promise<DriftAnnouncement> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.access.findWritable(manager, actor, id, expected);
      await this.access.assertOwns(manager, actor, before);
      assertEndAfterStart(before.startsAt, dto.slut, '/slut');
      if (dto.slut.getTime() > this.clock.now().getTime()) throw new AnnouncementFieldError('/slut', 'The end cannot lie in the future.');
      const saved = await manager.save(DriftAnnouncement, {
        ...before,
        status: 'avslutad' as const,
        endedAt: dto.slut,
        cause: dto.orsak ?? before.cause,
        actionPlan: dto.åtgärdsplan ?? before.actionPlan,
        lastUpdateAt: this.clock.now(),
        version: before.version + 1,
      });
      await this.history.record(manager, actor, saved, 'drift.resolved', { messageSv: dto.meddelande, messageEn: dto.meddelandeEn });
      return saved;
    });
  }

  /** A planned change called off before it began: it stays in the history and the calendar as cancelled. */
  async cancel(actor: Actor, id: string, expected: number, dto: CancelAnnouncementDto): Promise<DriftAnnouncement> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.access.findWritable(manager, actor, id, expected);
      await this.access.assertOwns(manager, actor, before);
      if (before.kind !== 'planerad_andring' || before.status !== 'planerad') throw new AnnouncementNotCancellableError(before.status);
      const saved = await manager.save(DriftAnnouncement, {
        ...before,
        status: 'installd' as const,
        lastUpdateAt: this.clock.now(),
        version: before.version + 1,
      });
      await this.history.record(manager, actor, saved, 'drift.cancelled', { messageSv: dto.meddelande, messageEn: dto.meddelandeEn });
      return saved;
    });
  }

  private assertNotice(dto: CreateAnnouncementDto, bastjänster: readonly string[], now: Date): void {
    const notice = requiredNotice({
      kind: dto.typ,
      release: dto.release ?? false,
      contentChange: dto.innehållsändring ?? false,
      bastjänster,
    });
    if (!notice || dto.undantagMotivering) return;
    const earliest = earliestStart(now, notice);
    if (dto.start.getTime() < earliest.getTime()) throw new NoticeTooShortError(earliest, describeNotice(notice));
  }
}

/**
 * An English text as given: left out keeps what it was, empty (or only blanks) removes it. Stored as null, so the
 * status page and the feeds fall back to the Swedish text rather than show an empty English one.
 */
function englishText(given: string | undefined, before: string | null): string | null {
  if (given === undefined) return before;
  return given.trim() === '' ? null : given;
}

function assertEndAfterStart(start: Date, end: Date | null, pointer: string): void {
  if (end && end.getTime() <= start.getTime()) throw new AnnouncementFieldError(pointer, 'Must be after the start.');
}

/**
 * A window's end as announced per routine (UC §4.6.1): an extension counts as announced only when it goes out before
 * the end it extends has passed; a later one leaves the overrun to count as unavailability.
 */
function announcedEnd(before: DriftAnnouncement, end: Date | null, now: Date): Date | null {
  if (before.kind !== 'planerad_andring' || !end || !before.announcedEndAt) return before.announcedEndAt;
  if (end.getTime() <= before.announcedEndAt.getTime()) return end;
  return now.getTime() < before.announcedEndAt.getTime() ? end : before.announcedEndAt;
}
