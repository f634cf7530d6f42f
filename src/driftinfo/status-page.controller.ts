import { Controller, Get, Headers, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { Public } from '../common/public.decorator';
import { Form } from '../pages/page-form.decorator';
import { languageOf } from '../pages/page-request';
import { HtmlPage } from '../pages/page-renderer';
import { PageInterceptor } from '../pages/page.interceptor';
import { SameOriginFormGuard } from '../pages/same-origin-form.guard';
import { StatusBoardPages } from './status-board.pages';

/**
 * The public status page, without login: Swedish first, English through the header's language switch. Express
 * answers 304 itself when If-None-Match or If-Modified-Since matches the page's ETag and Last-Modified.
 */
@ApiExcludeController()
@Public()
@UseInterceptors(PageInterceptor)
@Controller('driftinformation')
export class StatusPageController {
  constructor(private readonly pages: StatusBoardPages) {}

  @Get()
  status(@Headers() headers: IncomingHttpHeaders): Promise<HtmlPage> {
    return this.pages.status(languageOf(headers));
  }

  /**
   * The page's subscribe form, for anyone: there is no session, so no synchroniser token. A post from another site is
   * refused (SameOriginFormGuard); every post counts against the per-IP subscribe budget it shares with the API
   * (RequestThrottlerGuard); and nothing is subscribed until the address's owner confirms by the link mailed to it.
   */
  @Post('prenumeration')
  @UseGuards(SameOriginFormGuard)
  subscribe(@Headers() headers: IncomingHttpHeaders, @Form() form: Record<string, unknown>): Promise<HtmlPage> {
    return this.pages.subscribe(languageOf(headers), form);
  }
}
