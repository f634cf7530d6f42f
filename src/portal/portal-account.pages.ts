import { Injectable } from '@nestjs/common';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { PortalFormsService } from './portal-forms.service';
import { PortalMembershipsService } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

/** The pages around login: the party picker and the invitation code form. */
@Injectable()
export class PortalAccountPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly memberships: PortalMembershipsService,
    private readonly forms: PortalFormsService,
  ) {}

  async choose(page: PortalPage): Promise<HtmlPage> {
    const flash = await this.forms.takeFlash(page, 'choose');
    const options = await this.memberships.options(page.session!);
    return this.renderer.render(
      '/portal/views/choose-party',
      { options, current: page.session?.party?.id, errors: flash?.errors ?? {} },
      page.context,
    );
  }

  async invitation(page: PortalPage, code: unknown): Promise<HtmlPage> {
    const flash = await this.forms.takeFlash(page, 'invitation');
    const value = flash?.values.code ?? (typeof code === 'string' ? code : '');
    return this.renderer.render('/portal/views/invitation', { code: value, errors: flash?.errors ?? {} }, page.context);
  }
}
