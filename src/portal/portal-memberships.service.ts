import { Injectable } from '@nestjs/common';
import { InvitationInvalidError } from '../parties/parties.errors';
import { InvitationsService } from '../parties/invitations.service';
import { Membership, PartiesService } from '../parties/parties.service';
import type { PortalSession } from './portal-session';
import { PortalSessionsService } from './portal-sessions.service';
import { portalMemberships } from './portal-skr';

/** The result of a form: where to go next, or the errors to show beside its fields. */
export type FormOutcome = { readonly location: string } | { readonly errors: Record<string, string> };

/** Which party a signed-in person acts for: the picker, and invitations accepted on the person's first login. */
@Injectable()
export class PortalMembershipsService {
  constructor(
    private readonly parties: PartiesService,
    private readonly invitations: InvitationsService,
    private readonly sessions: PortalSessionsService,
  ) {}

  async options(session: PortalSession): Promise<Membership[]> {
    return portalMemberships(this.parties, session.person!.issuer, session.person!.subject);
  }

  /** Acts for `partyId` from now on, if the person is an active member there; the same answer otherwise as for a party that does not exist. */
  async choose(sessionId: string, session: PortalSession, partyId: unknown): Promise<FormOutcome> {
    const memberships = await this.options(session);
    const membership = memberships.find((candidate) => candidate.partyId === partyId);
    if (!membership) return { errors: { partyId: 'choose.partyRequired' } };
    await this.sessions.save(sessionId, {
      ...session,
      party: { id: membership.partyId, name: membership.partyName },
      manyParties: memberships.length > 1,
      returnTo: undefined,
    });
    return { location: session.returnTo ?? '/' };
  }

  /** The invitation mail's one-time code, accepted with the signed-in person's own identity (InvitationsService.accept). */
  async acceptInvitation(sessionId: string, session: PortalSession, code: unknown): Promise<FormOutcome> {
    if (typeof code !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(code.trim())) return { errors: { code: 'invitation.codeInvalid' } };
    const { issuer, subject, email } = session.person!;
    try {
      const membership = await this.invitations.accept({ issuer, subject, email, claimedRoles: [] }, code.trim());
      if (!membership.partyId) return { errors: { code: 'invitation.codeInvalid' } };
      const party = (await this.options(session)).find((candidate) => candidate.partyId === membership.partyId);
      if (!party) return { errors: { code: 'invitation.codeInvalid' } };
      return this.choose(sessionId, session, party.partyId);
    } catch (error) {
      if (error instanceof InvitationInvalidError) return { errors: { code: 'invitation.codeInvalid' } };
      throw error;
    }
  }
}
