import { Controller, Get, Headers, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { Public } from '../common/public.decorator';
import { languageOf } from '../pages/page-request';
import { HtmlPage } from '../pages/page-renderer';
import { PageInterceptor } from '../pages/page.interceptor';
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
}
