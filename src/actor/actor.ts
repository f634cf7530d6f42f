import { DataScope } from '../database/data-scope';
import { Role } from './role';

/**
 * Who is acting, decided once per request from the verified token. `partyId` is null for SKR users, which are
 * no party. Handlers receive it through `@Actor()`; services pass it on, never the request.
 */
export interface Actor {
  readonly userId: string;
  readonly partyId: string | null;
  readonly roles: readonly Role[];
}

export function isSkr(actor: Actor): boolean {
  return actor.partyId === null && actor.roles.some((role) => role === Role.Skr || role === Role.SkrAdmin);
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/** The row-level-security scope of an actor's transactions: its own party, or everything for SKR. */
export function scopeOf(actor: Actor): DataScope {
  return { partyId: actor.partyId, skr: isSkr(actor) };
}
