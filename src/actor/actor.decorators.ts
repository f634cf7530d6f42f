import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor as ActorType } from './actor';
import { Role } from './role';

export const ROLES_KEY = 'avvikelse:roles';

/** The actor needs one of these roles. Without it, any authenticated actor may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The verified actor of this request (set by AuthGuard). */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): ActorType => {
  const actor = context.switchToHttp().getRequest<{ actor?: ActorType }>().actor;
  if (!actor) throw new Error('@Actor() used on a route without authentication');
  return actor;
});

export const BINDING_KEY = 'avvikelse:binding';

/** Who a verified token names, before any membership: what accepting an invitation binds. */
export interface TokenIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** The token's verified e-mail claim, if it has one. */
  readonly email: string | null;
  /** Roles the token claims; only used to keep SKR people out of party invitations. */
  readonly claimedRoles: readonly string[];
}

/**
 * The route binds the token's person to a membership (accepting an invitation), so it is open to a verified token
 * whose person has no membership yet. It receives `@Identity()`, never an `Actor`.
 */
export const Binding = () => SetMetadata(BINDING_KEY, true);

/** The verified identity of a `@Binding()` route (set by AuthGuard). */
export const Identity = createParamDecorator((_data: unknown, context: ExecutionContext): TokenIdentity => {
  const identity = context.switchToHttp().getRequest<{ identity?: TokenIdentity }>().identity;
  if (!identity) throw new Error('@Identity() used on a route without @Binding()');
  return identity;
});
