import type { CatalogueShape } from '../catalogue.sv';
import type { DRIFT_SUBSCRIPTION_SV } from './drift-subscription.sv';

/** The subscription pages' texts in English; the same keys as the Swedish ones. */
export const DRIFT_SUBSCRIPTION_EN: CatalogueShape<typeof DRIFT_SUBSCRIPTION_SV> = {
  confirmTitle: 'Confirm subscription',
  confirmIntro: 'Confirm that this address is to receive e-mail about outages and planned changes in SSBTEK.',
  confirmButton: 'Confirm the subscription',
  confirmedTitle: 'The subscription is confirmed',
  confirmedText: 'You will now receive e-mail when service information is published. Every message has a link to unsubscribe.',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeIntro: 'Do you want to stop receiving e-mail about SSBTEK service information?',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedText: 'You will no longer receive e-mail about service information. An external address has been removed.',
  invalidTitle: 'The link does not work',
  invalidText: 'The link has been used, has expired or is wrong. You can subscribe again from the service status page.',
  backToStatus: 'To the service status',
  accepted: 'If the address can receive e-mail, a confirmation link is sent to it. The subscription starts when the link is used.',
};
