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
