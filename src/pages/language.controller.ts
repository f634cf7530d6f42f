import { Controller, Get, Query, Redirect, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { isLanguage } from './catalogue';
import { LANGUAGE_COOKIE, samePath } from './page-request';
import { PageInterceptor, SeeOther } from './page.interceptor';

const A_YEAR_MS = 365 * 24 * 3600 * 1000;

/** The header's language switch: a link, so it works before login and without a form. */
@ApiExcludeController()
@Public()
@UseInterceptors(PageInterceptor)
@Controller('language')
export class LanguageController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Redirect()
  choose(@Query('lang') lang: unknown, @Query('returnTo') returnTo: unknown): SeeOther {
    const cookies = isLanguage(lang)
      ? [{ name: LANGUAGE_COOKIE, value: lang, maxAgeMs: A_YEAR_MS, secure: this.config.PUBLIC_BASE_URL.startsWith('https:') }]
      : [];
    return new SeeOther(samePath(returnTo), cookies);
  }
}
