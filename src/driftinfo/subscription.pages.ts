import { Injectable } from '@nestjs/common';
import { DRIFT_CONFIRM_PATH, DRIFT_UNSUBSCRIBE_PATH } from '../notifications/drift-subscription-paths';
import { DriftSubscriptionsService } from '../notifications/drift-subscriptions.service';
import type { Language } from '../pages/catalogue';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';

type State = 'confirm' | 'confirmed' | 'unsubscribe' | 'unsubscribed' | 'invalid';

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
    return this.page(language, 'confirm', `${DRIFT_CONFIRM_PATH}?token=${encodeURIComponent(token)}`);
  }

  async confirm(language: Language, token: string): Promise<HtmlPage> {
    return this.page(language, (await this.subscriptions.confirm(token)) === 'done' ? 'confirmed' : 'invalid');
  }

  async askUnsubscribe(language: Language, token: string): Promise<HtmlPage> {
    const open = await this.subscriptions.unsubscribable(token);
    return this.page(language, open ? 'unsubscribe' : 'invalid', `${DRIFT_UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`);
  }

  /** Unsubscribing twice (a mail client retrying) shows the same result: the address is off the list either way. */
  async unsubscribe(language: Language, token: string): Promise<HtmlPage> {
    await this.subscriptions.unsubscribe(token);
    return this.page(language, 'unsubscribed');
  }

  private page(language: Language, state: State, action?: string): HtmlPage {
    const path = state === 'confirm' || state === 'confirmed' ? DRIFT_CONFIRM_PATH : DRIFT_UNSUBSCRIBE_PATH;
    return this.renderer.render('/driftinfo/views/subscription', { state, action }, { language, path });
  }
}
