import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Language } from '../pages/catalogue';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { StatusBoardService } from './status-board.service';

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
    private readonly renderer: PageRenderer,
  ) {}

  async status(language: Language): Promise<HtmlPage> {
    const { board, lastModified } = await this.board.current(language);
    const t = this.renderer.translator(language);
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
      },
      { language, path: STATUS_PAGE_PATH },
    );
    // A digest of the page itself rather than the board's: a release that changes the template changes it too.
    const etag = `W/"${createHash('sha256').update(page.html).digest('base64url').slice(0, 27)}"`;
    return new HtmlPage(page.html, page.status, { ...CACHE_HEADERS, ETag: etag, 'Last-Modified': lastModified.toUTCString() });
  }
}
