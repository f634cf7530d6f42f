import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { InvitationsService } from '../parties/invitations.service';
import { Mailer, MailRejectedError } from './mailer';
import { renderInvitationEmail } from './notification-email';

/**
 * Mails an invitation's one-time secret (worker). The secret is made here, just before sending, and its hash
 * replaces any earlier one, so a retried job sends a new code and only the last mail's code works.
 */
@Injectable()
export class InvitationMailService {
  private readonly logger = new Logger(InvitationMailService.name);

  constructor(
    private readonly invitations: InvitationsService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async send(invitationId: string): Promise<'sent' | 'nothing to send'> {
    const letter = await this.invitations.issueSecret(invitationId);
    if (!letter) return 'nothing to send';
    const mail = renderInvitationEmail(letter, letter.language, `${this.config.PUBLIC_BASE_URL}/api/v1/invitations/accept`);
    try {
      await this.mailer.send({ to: letter.email, toName: letter.name, ...mail, messageId: `<invitation-${invitationId}@avvikelse>` });
    } catch (error) {
      if (error instanceof MailRejectedError) throw new UnrecoverableError(`invitation mail refused: ${error.message}`);
      throw error;
    }
    await this.invitations.markMailed(invitationId);
    this.logger.log({ invitationId }, 'invitation mailed');
    return 'sent';
  }
}
