import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { preferredLanguage } from '../common/problem-titles';
import { Public } from '../common/public.decorator';
import { WithHeaders } from '../common/response-headers';
import { AppConfig } from '../config/app-config';
import { PublicSubscribeDto, SubscribeAcceptedDto } from '../notifications/dto/drift-subscription.dto';
import { DriftSubscriptionsService } from '../notifications/drift-subscriptions.service';
import { Catalogue } from '../pages/catalogue';
import { PublicLanguageQueryDto, PublicStatusDto } from './dto/public-status.dto';
import { atomFeed, windowsCalendar } from './public-feeds';
import { STATUS_PAGE_PATH } from './status-board.pages';
import { type CacheableBoard, type StatusBoard, StatusBoardService } from './status-board.service';

const BASE = 'api/v1/public/driftinfo';

/**
 * Pollers (290 municipalities' systems, Informationsportalen) may keep a copy a minute and revalidate it for free:
 * Express answers 304 itself when If-None-Match or If-Modified-Since matches the ETag and Last-Modified set here.
 */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60';

/** Driftinformation for everyone, without login: JSON, Atom and iCalendar of one status board. */
@ApiTags('driftinformation')
@Public()
@Controller(BASE)
export class PublicStatusController {
  constructor(
    private readonly board: StatusBoardService,
    private readonly config: AppConfig,
    private readonly catalogue: Catalogue,
    private readonly subscriptions: DriftSubscriptionsService,
  ) {}

  @Post('subscriptions')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Prenumerera på driftinformation per e-post (publik, dubbel bekräftelse)',
    description:
      'En bekräftelselänk skickas till adressen; prenumerationen börjar när den används. Svaret är alltid detsamma, vilken adress det än gäller. Begränsat per adress och per IP (429).',
  })
  @ApiAcceptedResponse({ type: SubscribeAcceptedDto })
  async subscribe(@Body() dto: PublicSubscribeDto, @Headers('accept-language') accept?: string): Promise<SubscribeAcceptedDto> {
    await this.subscriptions.request(dto);
    return {
      status: 'mottagen',
      meddelande: this.catalogue.translator(dto.språk ?? preferredLanguage(accept))('driftSubscription.accepted'),
    };
  }

  @Get('status')
  @ApiOperation({
    summary: 'Aktuell driftstatus (publik, JSON)',
    description: 'Läge per bastjänst, pågående störningar, kommande servicefönster och historik (30 dagar). ETag, Last-Modified och 304.',
  })
  @ApiOkResponse({ type: PublicStatusDto })
  @ApiResponse({ status: 304, description: 'Oförändrad sedan If-None-Match/If-Modified-Since.' })
  async status(@Query() query: PublicLanguageQueryDto, @Headers('accept-language') accept?: string): Promise<WithHeaders<StatusBoard>> {
    const current = await this.board.current(query.lang ?? preferredLanguage(accept));
    return new WithHeaders(current.board, cacheHeaders(current, 'json'));
  }

  @Get('feed.atom')
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Driftinformation som Atom-flöde (publik)' })
  @ApiOkResponse({ description: 'Atom 1.0 (RFC 4287).', schema: { type: 'string' } })
  @ApiResponse({ status: 304, description: 'Oförändrad.' })
  async atom(@Query() query: PublicLanguageQueryDto, @Headers('accept-language') accept?: string): Promise<WithHeaders<string>> {
    const current = await this.board.current(query.lang ?? preferredLanguage(accept));
    const self = `${this.config.PUBLIC_BASE_URL}/${BASE}/feed.atom?lang=${current.board.language}`;
    const links = {
      self,
      json: `${this.config.PUBLIC_BASE_URL}/${BASE}/status?lang=${current.board.language}`,
      page: `${this.config.PUBLIC_BASE_URL}${STATUS_PAGE_PATH}`,
    };
    const t = this.catalogue.translator(current.board.language);
    return new WithHeaders(atomFeed(current.board, current.lastModified, links, t), {
      ...cacheHeaders(current, 'atom'),
      'Content-Type': 'application/atom+xml; charset=utf-8',
    });
  }

  @Get('windows.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'Servicefönster som iCalendar (publik, att prenumerera på)' })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545), tidszon Europe/Stockholm.', schema: { type: 'string' } })
  @ApiResponse({ status: 304, description: 'Oförändrad.' })
  async windows(@Query() query: PublicLanguageQueryDto, @Headers('accept-language') accept?: string): Promise<WithHeaders<string>> {
    const current = await this.board.current(query.lang ?? preferredLanguage(accept));
    const url = `${this.config.PUBLIC_BASE_URL}/${BASE}/windows.ics?lang=${current.board.language}`;
    const t = this.catalogue.translator(current.board.language);
    return new WithHeaders(windowsCalendar(current.board, new URL(this.config.PUBLIC_BASE_URL).host, url, t), {
      ...cacheHeaders(current, 'ics'),
      'Content-Type': 'text/calendar; charset=utf-8',
    });
  }
}

function cacheHeaders(current: CacheableBoard, format: string): Record<string, string> {
  return {
    ETag: current.etag.replace(/"$/, `-${format}-${current.board.language}"`),
    'Last-Modified': current.lastModified.toUTCString(),
    'Cache-Control': CACHE_CONTROL,
    Vary: 'Accept-Language',
  };
}
