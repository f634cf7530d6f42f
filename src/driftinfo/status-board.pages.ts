import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DriftSubscriptionsService } from '../notifications/drift-subscriptions.service';
import { DriftSubscriptionFieldError } from '../notifications/notifications.errors';
import type { Language } from '../pages/catalogue';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { CENTRAL_CODE, StatusBoardService } from './status-board.service';
import { BLANK_SUBSCRIBE_FORM, readSubscribeForm, type SubscribeForm, subscribeRequestOf } from './subscribe-form';

export const STATUS_PAGE_PATH = '/driftinformation';
const FEEDS = '/api/v1/public/driftinfo';

/**
 * The page is the same for everyone in a language (no session is read, the header shows no party), so browsers and
 * proxies may keep it as long as the JSON. The language comes from the switch's cookie or Accept-Language: both vary.
 */
const CACHE_HEADERS = { 'Cache-Control': 'public, max-age=60, stale-while-revalidate=60', Vary: 'Cookie, Accept-Language' };

/** The public status page (issue 23): the status board the JSON and the feeds publish, as a page of the portal's stack. */
@Injectable()
export class StatusBoardPages {
  constructor(
    private readonly board: StatusBoardService,
    private readonly subscriptions: DriftSubscriptionsService,
    private readonly renderer: PageRenderer,
  ) {}

  async status(language: Language, form: SubscribeForm = BLANK_SUBSCRIBE_FORM): Promise<HtmlPage> {
    const { board, lastModified } = await this.board.current(language);
    const t = this.renderer.translator(language);
    const refused = Object.keys(form.errors).length > 0;
    const page = this.renderer.render(
      '/driftinfo/views/status',
      {
        board,
        lastModified,
        alternates: [{ type: 'application/atom+xml', href: `${FEEDS}/feed.atom?lang=${language}`, title: t('driftinfo.atom') }],
        feeds: [
          { type: 'application/atom+xml', href: `${FEEDS}/feed.atom?lang=${language}`, label: 'driftinfo.atom' },
          { type: 'text/calendar', href: `${FEEDS}/windows.ics?lang=${language}`, label: 'driftinfo.ical' },
          { type: 'application/json', href: `${FEEDS}/status?lang=${language}`, label: 'driftinfo.json' },
        ],
        form,
        subscribable: board.services.filter((service) => service.code !== CENTRAL_CODE),
      },
      { language, path: STATUS_PAGE_PATH },
      refused ? 400 : 200,
    );
    // The form sent back holds what one person typed: the page headers' no-store, not the shared page's caching.
    if (refused) return page;
    // A digest of the page itself rather than the board's: a release that changes the template changes it too.
    const etag = `W/"${createHash('sha256').update(page.html).digest('base64url').slice(0, 27)}"`;
    return new HtmlPage(page.html, page.status, { ...CACHE_HEADERS, ETag: etag, 'Last-Modified': lastModified.toUTCString() });
  }

  /**
   * The status page's subscribe form: the use case of `POST /api/v1/public/driftinfo/subscriptions`, with its double
   * opt-in and limits. The answer is the same for every address the form accepts, as the API's is.
   */
  async subscribe(language: Language, posted: Record<string, unknown>): Promise<HtmlPage> {
    const form = readSubscribeForm(posted);
    if (Object.keys(form.errors).length > 0) return this.status(language, form);
    try {
      await this.subscriptions.request(subscribeRequestOf(form.values, language));
    } catch (error) {
      // Only a bastjänst the list does not have (a form from before a change, or a forged one) gets here.
      if (!(error instanceof DriftSubscriptionFieldError)) throw error;
      return this.status(language, { values: form.values, errors: { bastjanster: 'driftSubscription.serviceUnknown' } });
    }
    return this.renderer.render('/driftinfo/views/subscription', { state: 'requested' }, { language, path: STATUS_PAGE_PATH });
  }
}
