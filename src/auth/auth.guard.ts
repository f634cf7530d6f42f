import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PartiesService } from '../parties/parties.service';
import { Actor } from '../actor/actor';
import { BINDING_KEY, ROLES_KEY, type TokenIdentity } from '../actor/actor.decorators';
import { PUBLIC_KEY } from '../common/public.decorator';
import { RoleRequiredError, UnauthenticatedError } from './auth.errors';
import { PARTY_ROLES, Role, SKR_ROLES } from '../actor/role';
import { TokenVerifier } from './token-verifier';

/**
 * Global guard: turns the bearer token into the request's `Actor`. The party comes only from the verified token,
 * SKR roles only from a token that names no party, so nothing a party can do raises it to SKR.
 *
 * A token whose issuer and subject are a person acts through that person's membership in the party the token names
 * (SKR's when it names none): the membership's role decides, and without an active one the token is refused. A
 * token that is no person is a machine client of today and acts with its token's roles (README, "Users and
 * identity binding"); such clients get their own kind of credential later.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly parties: PartiesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor; identity?: TokenIdentity }>();
    if (this.reflector.getAllAndOverride<boolean>(BINDING_KEY, targets)) {
      const token = await this.verifier.verify(this.bearer(request.headers.authorization));
      request.identity = { issuer: token.issuer, subject: token.subject, email: token.email, claimedRoles: token.roles };
      return true;
    }
    const actor = await this.authenticate(request.headers.authorization);
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !actor.roles.some((role) => required.includes(role))) throw new RoleRequiredError(required);
    return true;
  }

  private bearer(header: string | undefined): string {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header ?? '');
    if (!match) throw new UnauthenticatedError('TOKEN_MISSING', 'A bearer token is required.');
    return match[1];
  }

  /** The one authentication path: also used to admit a large body before it is read (src/auth/large-body-sender.ts). */
  async authenticate(header: string | undefined): Promise<Actor> {
    const token = await this.verifier.verify(this.bearer(header));
    const { party, person, user } = await this.parties.identify(token.issuer, token.subject, token.partyId);
    if (token.partyId) {
      if (!party) throw new UnauthenticatedError('PARTY_UNKNOWN', 'The token names no known party.');
      if (!party.active) throw new UnauthenticatedError('PARTY_INACTIVE', 'The party is not active.');
    }
    if (person && !user) throw new UnauthenticatedError('MEMBERSHIP_MISSING', 'The person has no membership in the party the token names.');
    if (user && !user.active) throw new UnauthenticatedError('USER_INACTIVE', 'The user is not active for this party.');
    const allowed = token.partyId ? PARTY_ROLES : SKR_ROLES;
    const claimed = user ? [user.role] : (token.roles as Role[]);
    const roles = [...new Set(claimed.filter((role) => allowed.includes(role)))];
    if (roles.length === 0) throw new UnauthenticatedError('ROLES_MISSING', 'The token grants no role in this service.');
    return { userId: token.subject, partyId: token.partyId, roles };
  }
}
