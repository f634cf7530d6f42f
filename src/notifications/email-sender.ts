import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { subjectHref } from './dto/notification.dto';
import { Mailer } from './mailer';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { renderEmail } from './notification-email';

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
    const path = event.subjectKind === 'deviation' ? `/deviations/${event.subjectId}` : subjectHref(event);
    const link = `${this.config.PUBLIC_BASE_URL}${path}`;
    const rendered = renderEmail(event, delivery.language ?? 'sv', delivery.recipientName, link);
    await this.mailer.send({
      to: delivery.recipient,
      toName: delivery.recipientName,
      ...rendered,
      messageId: `<${delivery.id}@${this.mailDomain}>`,
    });
  }
}
