import { InvitationsService } from '../../src/parties/invitations.service';
import { type TestApp } from './app';

/**
 * The secret the worker would mail for an invitation, made the way the worker makes it (a later call replaces an
 * earlier secret, as a retried mail does). The mail itself is covered by the notifications worker's own test.
 */
export function mailedSecret(t: TestApp, invitationId: string): Promise<string> {
  return t.app
    .get(InvitationsService)
    .issueSecret(invitationId)
    .then((letter) => {
      if (!letter) throw new Error(`invitation ${invitationId} is not open`);
      return letter.secret;
    });
}
