import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { join } from 'node:path';
import { AppConfig, NodeEnv } from '../config/app-config';
import { PageAssets } from './page-assets';
import { Catalogue, type Language, type Translate } from './catalogue';
import { formatWhen } from './format-when';

/** Who is looking, as the layout shows it: the header's party, the language switch, the forms' CSRF token. */
export interface PageContext {
  readonly language: Language;
  /** The path of this page, so the language switch comes back to it. */
  readonly path: string;
  /** The signed-in person's party name; absent on pages seen before login. */
  readonly partyName?: string;
  readonly signedIn?: boolean;
  /** Whether the person acts for more than one party, so the header offers to change. */
  readonly mayChooseParty?: boolean;
  /** The session's synchroniser token, which every form posts back. */
  readonly csrfToken?: string;
  /**
   * The acting person's roles (a party's, or SKR's), so the menu offers only what they may open. The one source of
   * "is this SKR" for the layout: this layer knows no Actor, so it reads the role codes.
   */
  readonly roles?: readonly string[];
  /** Whether the acting person may publish driftinformation (SKR, or a party owning a part of SSBTEK), for the menu. */
  readonly mayAnnounce?: boolean;
}

/**
 * A rendered page and its status, sent by PageInterceptor or the error pages. `headers` replace the page headers of
 * the same name: a public page that is the same for everyone may be cached (the status page), a person's never.
 */
export class HtmlPage {
  constructor(
    readonly html: string,
    readonly status = 200,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/**
 * Renders Eta templates with automatic escaping. Template names are paths from src/ (`/portal/views/start`), so every
 * module keeps its templates beside its code and all share the one layout (`/pages/views/layout`). `<%~` (raw) is
 * only for what a template already rendered; data always goes through `<%=`.
 */
@Injectable()
export class PageRenderer {
  private readonly eta: Eta;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly assets: PageAssets,
    config: AppConfig,
  ) {
    this.eta = new Eta({ views: join(__dirname, '..'), autoEscape: true, cache: config.NODE_ENV !== NodeEnv.Development, useWith: false });
  }

  render(view: string, data: object, context: PageContext, status = 200): HtmlPage {
    const t = this.catalogue.translator(context.language);
    const other: Language = context.language === 'sv' ? 'en' : 'sv';
    const html = this.eta.render(view, {
      ...data,
      t,
      page: context,
      assets: this.assets.urls,
      languageSwitch: `/language?lang=${other}&returnTo=${encodeURIComponent(context.path)}`,
      otherLanguage: other,
      when: (at: Date | null | undefined) => (at ? formatWhen(at, context.language, 'medium') : ''),
    });
    return new HtmlPage(html, status);
  }

  translator(language: Language): Translate {
    return this.catalogue.translator(language);
  }
}
