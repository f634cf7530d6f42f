import { Injectable } from '@nestjs/common';
import { DRIFT_CONFIRM_PATH, DRIFT_UNSUBSCRIBE_PATH } from '../notifications/drift-subscription-paths';
import { DriftSubscriptionsService, type TokenOutcome } from '../notifications/drift-subscriptions.service';
import type { Language } from '../pages/catalogue';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';

type State = 'confirm' | 'confirmed' | 'unsubscribe' | 'unsubscribed' | 'invalid';

/**
 * A link that does not work says so with its status, for the mail scanners and link checkers that read no page: 410
 * for a confirmation link past its time, 404 for a token used up or never made (the two cannot be told apart, as only
 * a hash of a live token is kept). A malformed token never gets here: the query's validation answers 400.
 */
const LINK_STATUS: Record<Exclude<TokenOutcome, 'done'>, number> = { expired: 410, unknown: 404 };

/**
 * The pages a subscription e-mail links to. A GET only asks (mail scanners and link previews open links); the POST
 * acts, with the token in the URL as the credential: no login and no CSRF token, as RFC 8058's one-click requires.
 */
@Injectable()
export class SubscriptionPages {
  constructor(
    private readonly subscriptions: DriftSubscriptionsService,
    private readonly renderer: PageRenderer,
  ) {}

  askConfirm(language: Language, token: string): HtmlPage {
    return this.page(language, 'confirm', 200, `${DRIFT_CONFIRM_PATH}?token=${encodeURIComponent(token)}`);
  }

  async confirm(language: Language, token: string): Promise<HtmlPage> {
    const outcome = await this.subscriptions.confirm(token);
    return outcome === 'done' ? this.page(language, 'confirmed') : this.page(language, 'invalid', LINK_STATUS[outcome]);
  }

  async askUnsubscribe(language: Language, token: string): Promise<HtmlPage> {
    if (!(await this.subscriptions.unsubscribable(token))) return this.page(language, 'invalid', LINK_STATUS.unknown);
    return this.page(language, 'unsubscribe', 200, `${DRIFT_UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`);
  }

  /** Unsubscribing twice (a mail client retrying) shows the same result: the address is off the list either way. */
  async unsubscribe(language: Language, token: string): Promise<HtmlPage> {
    await this.subscriptions.unsubscribe(token);
    return this.page(language, 'unsubscribed');
  }

  private page(language: Language, state: State, status = 200, action?: string): HtmlPage {
    const path = state === 'confirm' || state === 'confirmed' ? DRIFT_CONFIRM_PATH : DRIFT_UNSUBSCRIBE_PATH;
    return this.renderer.render('/driftinfo/views/subscription', { state, action }, { language, path }, status);
  }
}
