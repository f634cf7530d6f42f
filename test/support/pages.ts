import type { INestApplication, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ROLES_KEY } from '../../src/actor/actor.decorators';
import type { Role } from '../../src/actor/role';
import { PageInterceptor } from '../../src/pages/page.interceptor';
import { PAGE_AUDIENCE_KEY, PortalGuard, type PageAudience } from '../../src/portal/portal.guard';

/** One route of a server-rendered page, as Nest registered it. */
export interface PageRoute {
  method: 'GET' | 'POST';
  /** Express form, e.g. `/deviations/:id/comments`. */
  path: string;
  /** The route's parameters, in path order (`id`, `attachmentId`). */
  params: string[];
  audience: PageAudience;
  /** The roles the page demands (`@Roles`), or none: a person without one of them gets the 403 page. */
  roles: Role[];
  /** `Controller.handler`, for messages. */
  handler: string;
}

/**
 * The pages of the running app, read from Nest's own routing metadata: every handler sent through PageInterceptor —
 * which every page needs, since it is what turns an HtmlPage or a SeeOther into a response. The suites cover what
 * this finds, as they cover what /docs-json lists, so a new page is covered without editing them and no list drifts.
 */
export function discoverPages(app: INestApplication): PageRoute[] {
  const routes: PageRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const route = pageRoute(controller, name, handler);
        if (route) routes.push(route);
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function pageRoute(controller: Type, name: string, handler: object): PageRoute | null {
  const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
  if (methodPath === undefined) return null;
  if (!both(INTERCEPTORS_METADATA, controller, handler).includes(PageInterceptor)) return null;
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  if (method !== 'GET' && method !== 'POST') throw new Error(`${controller.name}.${name}: a page answers GET or POST, not ${method}`);
  const segments = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[], methodPath].flat();
  if (segments.length !== 2) throw new Error(`${controller.name}.${name}: one path per page route`);
  const path = `/${segments
    .flatMap((segment) => segment.split('/'))
    .filter(Boolean)
    .join('/')}`;
  return {
    method,
    path,
    params: [...path.matchAll(/:(\w+)/g)].map((match) => match[1]),
    // Without the portal's guard a page (the language switch) is open to anyone.
    audience: !both(GUARDS_METADATA, controller, handler).includes(PortalGuard)
      ? 'anyone'
      : ((Reflect.getMetadata(PAGE_AUDIENCE_KEY, handler) as PageAudience | undefined) ??
        (Reflect.getMetadata(PAGE_AUDIENCE_KEY, controller) as PageAudience | undefined) ??
        'party'),
    roles:
      (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ??
      (Reflect.getMetadata(ROLES_KEY, controller) as Role[] | undefined) ??
      [],
    handler: `${controller.name}.${name}`,
  };
}

/** `route.path` with each parameter replaced by `ids[name]`; a parameter the caller has no value for fails loudly. */
export function pagePath(route: PageRoute, ids: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    if (!(name in ids)) throw new Error(`${route.handler} (${route.method} ${route.path}) takes :${name}; give the suite an id for it`);
    return ids[name];
  });
}

function both(key: string, controller: Type, handler: object): unknown[] {
  return [
    ...((Reflect.getMetadata(key, controller) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(key, handler) as unknown[] | undefined) ?? []),
  ];
}
