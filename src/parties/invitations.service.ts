import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { type TokenIdentity } from '../actor/actor.decorators';
import { PARTY_ROLES, Role, SKR_ROLES } from '../actor/role';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { diffFields } from '../common/diff';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { inviteJobKey, NOTIFICATIONS_QUEUE, NotificationsJob } from '../queues/notifications.queue';
import { AppUser } from './app-user.entity';
import { CreateInvitationDto } from './dto/invitation.dto';
import { Invitation } from './invitation.entity';
import { InvitationInvalidError, InvitationNotFoundError, PartyNotFoundError, RoleNotAssignableError } from './parties.errors';
import { PartiesService } from './parties.service';
import { Party } from './party.entity';
import { findOrCreatePerson } from './person-lookup';

/** Long enough for someone back from a week away; short enough that a forgotten mail stops working. */
const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const MEMBERSHIP_FIELDS = ['name', 'email', 'role', 'language', 'active'] as const;

/** What the worker needs to mail an invitation, the secret included; never stored. */
export interface InvitationLetter {
  invitationId: string;
  email: string;
  name: string;
  language: 'sv' | 'en';
  /** Null for SKR. */
  partyName: string | null;
  expiresAt: Date;
  secret: string;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Binding people to memberships by invitation: an admin offers a role to an e-mail address, the worker mails a
 * one-time secret, and the person accepts it with their own token. Nothing here takes a subject from anyone but
 * the token of the person it binds, and no answer depends on whether a person exists.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly parties: PartiesService,
  ) {}

  /** `partyId` null offers an SKR membership (SKR admins only, by the route). */
  async invite(actor: Actor, partyId: string | null, dto: CreateInvitationDto): Promise<Invitation> {
    if (!(partyId ? PARTY_ROLES : SKR_ROLES).includes(dto.role)) throw new RoleNotAssignableError();
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (partyId && !(await manager.existsBy(Party, { id: partyId }))) throw new PartyNotFoundError();
      const invitation = await manager.save(
        manager.create(Invitation, {
          partyId,
          email: dto.email.trim(),
          name: dto.name,
          role: dto.role,
          language: dto.language ?? 'sv',
          invitedBy: actor.userId,
          expiresAt: new Date(this.clock.now().getTime() + INVITATION_TTL_MS),
        }),
      );
      await this.outbox.add(manager, {
        queue: NOTIFICATIONS_QUEUE,
        jobName: NotificationsJob.Invite,
        jobKey: inviteJobKey(invitation.id),
        payload: { invitationId: invitation.id },
        partyId,
      });
      await this.audit.record(manager, actor, {
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        partyId,
        changes: diffFields({} as Invitation, invitation, ['email', 'name', 'role', 'language'] as const),
      });
      return invitation;
    });
  }

  async list(actor: Actor, partyId: string): Promise<Invitation[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (!(await manager.existsBy(Party, { id: partyId }))) throw new PartyNotFoundError();
      return manager.find(Invitation, { where: { partyId }, order: { createdAt: 'DESC' } });
    });
  }

  async revoke(actor: Actor, partyId: string, invitationId: string): Promise<void> {
    await this.db.transaction(scopeOf(actor), async (manager) => {
      const invitation = await manager.findOne(Invitation, { where: { id: invitationId, partyId }, lock: { mode: 'pessimistic_write' } });
      if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw new InvitationNotFoundError();
      await manager.update(Invitation, { id: invitationId }, { revokedAt: this.clock.now() });
      await this.audit.record(manager, actor, { action: 'invitation.revoked', entityType: 'invitation', entityId: invitationId, partyId });
    });
  }

  /**
   * For the worker: a fresh secret for an open invitation, its hash stored in place of any earlier one. Null when
   * there is nothing to mail (accepted, revoked, expired or gone meanwhile).
   */
  async issueSecret(invitationId: string): Promise<InvitationLetter | null> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const invitation = await manager.findOne(Invitation, { where: { id: invitationId }, lock: { mode: 'pessimistic_write' } });
      if (!invitation || !this.isOpen(invitation)) return null;
      const party = invitation.partyId ? await manager.findOneBy(Party, { id: invitation.partyId }) : null;
      const secret = randomBytes(32).toString('base64url');
      await manager.update(Invitation, { id: invitationId }, { secretHash: hashOf(secret) });
      const { email, name, language, expiresAt } = invitation;
      return { invitationId, email, name, language, partyName: party?.name ?? null, expiresAt, secret };
    });
  }

  /** For the worker, once the server has taken the mail: what the admin's list shows as delivered. */
  async markMailed(invitationId: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (manager) => manager.update(Invitation, { id: invitationId }, { mailedAt: this.clock.now() }));
  }

  /**
   * Binds the person of `identity` to the invitation's membership (reactivating one they had). Every refusal is the
   * same InvitationInvalidError, so a guessed or forwarded secret learns nothing.
   */
  async accept(identity: TokenIdentity, secret: string): Promise<AppUser> {
    const membership = await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const invitation = await manager
        .createQueryBuilder(Invitation, 'i')
        .where('i.secret_hash = :hash', { hash: hashOf(secret) })
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation || !this.isOpen(invitation)) throw new InvitationInvalidError();
      if (identity.email && !sameAddress(identity.email, invitation.email)) throw new InvitationInvalidError();
      if (invitation.partyId && !(await this.mayJoinParty(manager, identity, invitation.partyId))) throw new InvitationInvalidError();
      const personId = await findOrCreatePerson(manager, identity.issuer, identity.subject);
      if (invitation.partyId && (await manager.existsBy(AppUser, { personId, partyId: IsNull() }))) throw new InvitationInvalidError();
      const before = await manager.findOne(AppUser, {
        where: { personId, partyId: invitation.partyId ?? IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      const { partyId, name, email, role, language } = invitation;
      const saved = await manager.save(
        AppUser,
        manager.create(AppUser, { ...before, personId, subject: identity.subject, partyId, name, email, role, language, active: true }),
      );
      await manager.update(Invitation, { id: invitation.id }, { acceptedAt: this.clock.now(), membershipId: saved.id });
      await this.audit.record(
        manager,
        { userId: identity.subject, partyId },
        {
          action: 'invitation.accepted',
          entityType: 'user',
          entityId: saved.id,
          partyId,
          changes: diffFields(before ?? ({} as AppUser), saved, MEMBERSHIP_FIELDS),
        },
      );
      return saved;
    });
    this.parties.forgetIdentities();
    return membership;
  }

  private isOpen(invitation: Invitation): boolean {
    return !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > this.clock.now();
  }

  /** A party cannot take an SKR person: not one whose token claims an SKR role, and (checked after) not one with an SKR membership. */
  private async mayJoinParty(manager: EntityManager, identity: TokenIdentity, partyId: string): Promise<boolean> {
    if (identity.claimedRoles.some((role) => SKR_ROLES.includes(role as Role))) return false;
    return (await manager.findOneBy(Party, { id: partyId }))?.active === true;
  }
}
