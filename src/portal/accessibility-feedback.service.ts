import { Injectable, Logger } from '@nestjs/common';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import type { PortalPage } from './portal-page.decorator';

const MESSAGE_MAX = 4000;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/**
 * The accessibility statement and its feedback. Feedback is logged as an event for SKR's service desk to pick up
 * (no table yet: the statement's contact route is what the law requires, a case system for it is not ours).
 */
@Injectable()
export class AccessibilityFeedbackService {
  private readonly logger = new Logger('AccessibilityFeedback');

  constructor(private readonly renderer: PageRenderer) {}

  statementPage(
    page: PortalPage,
    form: { values: Record<string, string>; errors: Record<string, string>; sent?: boolean } | null,
  ): HtmlPage {
    // A form sent back with its field errors was not taken: 400, so that a script or a check reading only the status knows.
    const status = form && Object.keys(form.errors).length > 0 ? 400 : 200;
    return this.renderer.render(
      '/portal/views/accessibility',
      { values: form?.values ?? {}, errors: form?.errors ?? {}, sent: form?.sent ?? false, max: MESSAGE_MAX },
      page.context,
      status,
    );
  }

  receive(page: PortalPage, form: Record<string, unknown>): HtmlPage {
    const message = typeof form.message === 'string' ? form.message.trim() : '';
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const errors: Record<string, string> = {};
    if (!message) errors.message = 'accessibility.messageRequired';
    else if (message.length > MESSAGE_MAX) errors.message = 'accessibility.messageTooLong';
    if (email && !EMAIL.test(email)) errors.email = 'accessibility.emailInvalid';
    if (Object.keys(errors).length > 0) return this.statementPage(page, { values: { message, email }, errors });
    this.logger.log({ feedback: { message, email: email || null, language: page.context.language } }, 'accessibility feedback');
    return this.statementPage(page, { values: {}, errors: {}, sent: true });
  }
}
