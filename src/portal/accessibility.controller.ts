import { Controller, Get, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { PageInterceptor } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { AccessibilityFeedbackService } from './accessibility-feedback.service';
import { Form } from '../pages/page-form.decorator';
import { SameOriginFormGuard } from '../pages/same-origin-form.guard';
import { Page, type PortalPage } from './portal-page.decorator';
import { PageFor, PortalGuard } from './portal.guard';

/** The accessibility statement the DOS law (2018:1937) requires, with its feedback route; open to anyone. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@PageFor('anyone')
@Controller('accessibility')
export class AccessibilityController {
  constructor(private readonly feedback: AccessibilityFeedbackService) {}

  @Get()
  statement(@Page() page: PortalPage): HtmlPage {
    return this.feedback.statementPage(page, null);
  }

  /**
   * Open to anyone, so there is no session to hold a synchroniser token or the typed text between a redirect and
   * the next page: the answer is the page itself, with the errors or the thanks. Without a session there is no
   * synchroniser token either, so a post another site sent is refused (SameOriginFormGuard), as on the status page.
   */
  @Post('feedback')
  @HttpCode(200)
  @UseGuards(SameOriginFormGuard)
  send(@Page() page: PortalPage, @Form() form: Record<string, unknown>): HtmlPage {
    return this.feedback.receive(page, form);
  }
}
