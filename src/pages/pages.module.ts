import { Global, Module } from '@nestjs/common';
import { ErrorPages } from '../common/error-pages';
import { AssetsController } from './assets.controller';
import { CATALOGUE, Catalogue } from './catalogue';
import { LanguageController } from './language.controller';
import { PageAssets } from './page-assets';
import { PageErrorPages } from './page-error-pages';
import { PageRenderer } from './page-renderer';
import { PageInterceptor } from './page.interceptor';

/**
 * The page stack every server-rendered page uses: the sv/en catalogue, the Eta renderer and layout, static assets,
 * the page headers (CSP) and error pages. Global because the problem-details filter (in common) renders its errors
 * through ErrorPages.
 */
@Global()
@Module({
  controllers: [AssetsController, LanguageController],
  providers: [
    { provide: Catalogue, useValue: CATALOGUE },
    PageAssets,
    PageRenderer,
    PageInterceptor,
    { provide: ErrorPages, useClass: PageErrorPages },
  ],
  exports: [Catalogue, PageRenderer, PageInterceptor, ErrorPages],
})
export class PagesModule {}
