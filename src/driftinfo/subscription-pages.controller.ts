import { Controller, Get, Headers, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { Public } from '../common/public.decorator';
import { languageOf } from '../pages/page-request';
import { HtmlPage } from '../pages/page-renderer';
import { PageInterceptor } from '../pages/page.interceptor';
import { SubscriptionTokenQueryDto } from './dto/subscription.dto';
import { SubscriptionPages } from './subscription.pages';

/** Confirm a subscription and unsubscribe, from the links in e-mails (no login). Each page carries its own status. */
@ApiExcludeController()
@Public()
@UseInterceptors(PageInterceptor)
@Controller('driftinformation/prenumeration')
export class SubscriptionPagesController {
  constructor(private readonly pages: SubscriptionPages) {}

  @Get('bekrafta')
  askConfirm(@Headers() headers: IncomingHttpHeaders, @Query() query: SubscriptionTokenQueryDto): HtmlPage {
    return this.pages.askConfirm(languageOf(headers), query.token);
  }

  @Post('bekrafta')
  confirm(@Headers() headers: IncomingHttpHeaders, @Query() query: SubscriptionTokenQueryDto): Promise<HtmlPage> {
    return this.pages.confirm(languageOf(headers), query.token);
  }

  @Get('avsluta')
  askUnsubscribe(@Headers() headers: IncomingHttpHeaders, @Query() query: SubscriptionTokenQueryDto): Promise<HtmlPage> {
    return this.pages.askUnsubscribe(languageOf(headers), query.token);
  }

  /** RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` here; the page's own form posts the same. */
  @Post('avsluta')
  unsubscribe(@Headers() headers: IncomingHttpHeaders, @Query() query: SubscriptionTokenQueryDto): Promise<HtmlPage> {
    return this.pages.unsubscribe(languageOf(headers), query.token);
  }
}
