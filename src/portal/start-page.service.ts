import { Injectable } from '@nestjs/common';
import type { Actor } from '../actor/actor';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import type { PortalPage } from './portal-page.decorator';

@Injectable()
export class StartPageService {
  constructor(private readonly renderer: PageRenderer) {}

  async render(page: PortalPage, _actor: Actor): Promise<HtmlPage> {
    return this.renderer.render('/portal/views/start', {}, page.context);
  }
}
