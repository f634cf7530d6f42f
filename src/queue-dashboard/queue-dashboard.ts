import type * as BullBoardApi from '@bull-board/api';
import type * as BullBoardAdapters from '@bull-board/api/bullMQAdapter';
import type * as BullBoardExpress from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response, Router } from 'express';
import { hasRole } from '../actor/actor';
import { Role } from '../actor/role';
import { AuthGuard } from '../auth/auth.guard';
import { RoleRequiredError } from '../auth/auth.errors';
import { AppConfig } from '../config/app-config';
import { QUEUE_NAMES } from '../queues/queue-names';
import { DashboardTickets } from './dashboard-ticket';
import { DashboardOperationRefusedError, DashboardSessionError } from './queue-dashboard.errors';

/** Where the dashboard is served; its page, scripts and API calls all live below it. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const SESSION_COOKIE = 'queue_dashboard';

/**
 * Bull Board's page runs no inline script (its configuration is a JSON data block) but styles inline (a loading
 * placeholder, React style attributes); its fonts come from Google, which this policy leaves out on purpose.
 */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Besides reading, the one thing SKR admins do here: retry a failed job, or every failed job of a queue. */
const RETRY = /^\/api\/queues\/[^/]+\/(?:[^/]+\/retry|retry\/failed)$/;

/**
 * The queue dashboard (Bull Board) for SKR admins: every queue in QUEUE_NAMES, their failed jobs, retry. Callers
 * authenticate the one way the API knows (AuthGuard.authenticate: a bearer token, SKR-admin role). A browser gets
 * there by a short-lived signed link (POST /api/v1/admin/queue-dashboard/links) that it exchanges for an HttpOnly
 * session cookie scoped to this path; the page's own requests then carry the cookie.
 */
@Injectable()
export class QueueDashboard {
  readonly tickets: DashboardTickets;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly guard: AuthGuard,
    private readonly config: AppConfig,
  ) {
    this.tickets = new DashboardTickets(config.QUEUE_DASHBOARD_SECRET);
  }

  /** The dashboard link for an SKR admin: the API's base URL, the path, and a link ticket. */
  link(userId: string): { url: string; expiresAt: Date } {
    const { ticket, expiresAt } = this.tickets.issue(userId, 'link');
    return { url: `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}${QUEUE_DASHBOARD_PATH}/?ticket=${ticket}`, expiresAt };
  }

  /**
   * Express handlers for QUEUE_DASHBOARD_PATH: authentication, the operation filter, the CSP, Bull Board. Bull Board
   * is loaded at the first admitted request, not at start: its packages cost ~3 MB of heap in every API process, and
   * few ever serve an admin's page (bench, issue 22).
   */
  handlers(): ((request: Request, response: Response, next: NextFunction) => void)[] {
    let board: Router | undefined;
    return [
      (request, response, next) => void this.admit(request, response).then((go) => go && next(), next),
      (request, _response, next) => next(this.refusal(request)),
      (_request, response, next) => {
        response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
        response.setHeader('Cache-Control', 'no-store');
        next();
      },
      (request, response, next) => {
        board ??= this.board();
        board(request, response, next);
      },
    ];
  }

  private board(): Router {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see handlers() */
    const { createBullBoard } = require('@bull-board/api') as typeof BullBoardApi;
    const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter') as typeof BullBoardAdapters;
    const { ExpressAdapter } = require('@bull-board/express') as typeof BullBoardExpress;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const board = new ExpressAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues().map((queue) => new BullMQAdapter(queue, { allowRetries: true, readOnlyMode: false })),
      // @bull-board/express 9.10.1 brings its own @bull-board/api 9.10.1 beside ours (9.10.2): same shape, two
      // declarations. Pinning @bull-board/api to the express adapter's version makes this cast unnecessary.
      serverAdapter: board as unknown as Parameters<typeof BullBoardApi.createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Avvikelse queues' } },
    });
    return board.getRouter() as Router;
  }

  private queues(): Queue[] {
    return Object.values(QUEUE_NAMES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  /**
   * True when the request may go on. A valid link sets the session cookie and redirects to the page without the
   * ticket (which would otherwise stay in the browser's history and the access logs of proxies).
   */
  private async admit(request: Request, response: Response): Promise<boolean> {
    const linkTicket = typeof request.query.ticket === 'string' ? request.query.ticket : undefined;
    const fromLink = this.tickets.verify(linkTicket, 'link');
    if (fromLink) {
      const { ticket } = this.tickets.issue(fromLink, 'session');
      const secure = this.config.PUBLIC_BASE_URL.startsWith('https:') ? '; Secure' : '';
      response.setHeader(
        'Set-Cookie',
        `${SESSION_COOKIE}=${ticket}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=1800; HttpOnly; SameSite=Strict${secure}`,
      );
      response.redirect(303, `${QUEUE_DASHBOARD_PATH}/`);
      return false;
    }
    if (request.headers.authorization) {
      const actor = await this.guard.authenticate(request.headers.authorization);
      if (!hasRole(actor, Role.SkrAdmin)) throw new RoleRequiredError([Role.SkrAdmin]);
      return true;
    }
    if (this.tickets.verify(cookie(request, SESSION_COOKIE), 'session')) return true;
    throw new DashboardSessionError();
  }

  private refusal(request: Request): DashboardOperationRefusedError | undefined {
    if (request.method === 'GET' || request.method === 'HEAD') return undefined;
    if (request.method === 'PUT' && RETRY.test(request.path)) return undefined;
    return new DashboardOperationRefusedError(request.method, request.path);
  }
}

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
