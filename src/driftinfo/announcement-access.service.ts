import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type Actor, isSkr } from '../actor/actor';
import { Role } from '../actor/role';
import { AgreementBinding } from '../parties/agreement-binding.entity';
import { kindsOf, Party, PartyKind } from '../parties/party.entity';
import { type Ownership, unownedParts } from './announcement-rules';
import { DriftAnnouncement } from './drift-announcement.entity';
import {
  AnnouncementClosedError,
  AnnouncementFieldError,
  AnnouncementNotFoundError,
  AnnouncementVersionMismatchError,
  NotAnnouncementOwnerError,
} from './driftinfo.errors';

/** What an announcement affects: the central component, bastjänster, or both. */
export interface AffectedParts {
  readonly centralComponent: boolean;
  readonly bastjänster: readonly string[];
}

/** The roles that may write announcements (each only for what its party owns): the API's and the portal's. */
export const ANNOUNCEMENT_WRITERS = [Role.Reporter, Role.Admin, Role.Skr, Role.SkrAdmin];

/**
 * Who may write what (issue 23): SKR every announcement, the Driftleverantör the central component's, an
 * Uppgiftslämnare its own bastjänster'. The checks every change of an announcement makes before it writes.
 */
@Injectable()
export class AnnouncementAccessService {
  /** The open announcement the actor may change, locked, at the version the caller's ETag names. */
  async findWritable(manager: EntityManager, actor: Actor, id: string, expected: number): Promise<DriftAnnouncement> {
    // Everyone reads announcements, but FOR UPDATE sees only the rows the actor may write (row-level security): read
    // first, so another party's announcement answers 403 rather than 404.
    await this.findOwned(manager, actor, id);
    const announcement = await manager.findOneOrFail(DriftAnnouncement, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (announcement.version !== expected) throw new AnnouncementVersionMismatchError(announcement.version);
    if (announcement.status === 'avslutad' || announcement.status === 'installd') throw new AnnouncementClosedError(announcement.status);
    return announcement;
  }

  /** The parts an announcement is to name: at least one, each a known bastjänst, all the actor's to announce. */
  async assertMayAnnounce(manager: EntityManager, actor: Actor, affects: AffectedParts): Promise<void> {
    if (!affects.centralComponent && affects.bastjänster.length === 0)
      throw new AnnouncementFieldError('/bastjänster', 'Name the central component or at least one bastjänst.');
    await assertBastjänsterExist(manager, affects.bastjänster);
    await this.assertOwns(manager, actor, affects);
  }

  async assertOwns(manager: EntityManager, actor: Actor, affects: AffectedParts): Promise<void> {
    const unowned = unownedParts(await this.ownershipOf(manager, actor), affects);
    if (unowned.length > 0)
      throw new NotAnnouncementOwnerError(unowned.map((pointer) => ({ pointer, detail: 'Not yours to announce.', code: 'notOwner' })));
  }

  /** What the actor owns and so may announce: everything for SKR, its party's kinds and bastjänster otherwise. */
  async ownershipOf(manager: EntityManager, actor: Actor): Promise<Ownership> {
    if (isSkr(actor)) return { skr: true, driftleverantör: false, ownBastjänster: [] };
    const party = await manager.findOneBy(Party, { id: actor.partyId! });
    const bindings = await manager.findBy(AgreementBinding, { partyId: actor.partyId! });
    const kinds = party ? kindsOf(party) : [];
    return {
      skr: false,
      driftleverantör: kinds.includes(PartyKind.Driftleverantör),
      ownBastjänster: kinds.includes(PartyKind.Uppgiftslämnare) ? bindings.map((b) => b.bastjänst) : [],
    };
  }

  /** The announcement the actor may change, unlocked, as the page of its edit form reads it: 404, or 403 as a change would. */
  async findOwned(manager: EntityManager, actor: Actor, id: string): Promise<DriftAnnouncement> {
    const announcement = await manager.findOneBy(DriftAnnouncement, { id });
    if (!announcement) throw new AnnouncementNotFoundError();
    if (!isSkr(actor) && announcement.ownerPartyId !== actor.partyId) throw new NotAnnouncementOwnerError();
    return announcement;
  }
}

async function assertBastjänsterExist(manager: EntityManager, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const rows = (await manager.query(`SELECT code FROM bastjanst WHERE code = ANY($1)`, [codes])) as { code: string }[];
  const known = new Set(rows.map((row) => row.code));
  const unknown = codes.findIndex((code) => !known.has(code));
  if (unknown >= 0) throw new AnnouncementFieldError(`/bastjänster/${unknown}`, 'No such bastjänst.');
}
