import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { subjectHref } from './dto/notification.dto';
import { Mailer } from './mailer';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { renderEmail } from './notification-email';
import { DRIFT_STATUS_PAGE_PATH, DRIFT_UNSUBSCRIBE_PATH } from './drift-subscription-paths';
import { unsubscribeToken } from './subscription-tokens';

/** Sends one e-mail delivery: rendered in the recipient's language, with a Message-ID stable per delivery row. */
@Injectable()
export class EmailSender {
  private readonly mailDomain: string;

  constructor(
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {
    this.mailDomain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'avvikelse.invalid';
  }

  /** Resolves when the server accepted the message; rejects as `Mailer.send` does. */
  async send(event: NotificationEvent, delivery: NotificationDelivery): Promise<void> {
    // A deviation has a portal page a person can open (it asks them to log in and comes back); declarations have none yet.
    const path =
      event.subjectKind === 'deviation'
        ? `/deviations/${event.subjectId}`
        : event.subjectKind === 'announcement'
          ? DRIFT_STATUS_PAGE_PATH
          : subjectHref(event);
    const link = `${this.config.PUBLIC_BASE_URL}${path}`;
    const unsubscribe = delivery.subscriptionId ? this.unsubscribeUrl(delivery.subscriptionId) : undefined;
    const rendered = renderEmail(event, delivery.language ?? 'sv', delivery.recipientName, link, unsubscribe);
    await this.mailer.send({
      to: delivery.recipient,
      toName: delivery.recipientName,
      ...rendered,
      messageId: `<${delivery.id}@${this.mailDomain}>`,
      // RFC 8058: a mail client's one-click unsubscribe POSTs `List-Unsubscribe=One-Click` to this very URL.
      ...(unsubscribe
        ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
        : {}),
    });
  }

  private unsubscribeUrl(subscriptionId: string): string {
    const token = unsubscribeToken(this.config.DRIFTINFO_UNSUBSCRIBE_SECRET, subscriptionId);
    return `${this.config.PUBLIC_BASE_URL}${DRIFT_UNSUBSCRIBE_PATH}?token=${token}`;
  }
}
