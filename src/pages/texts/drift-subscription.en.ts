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
  requestedTitle: 'Check your inbox',
  requestedText:
    'If the address can receive e-mail, we have sent a confirmation link to it. The subscription starts when you open the link and confirm.',
  formTitle: 'Subscribe by e-mail',
  formIntro: 'Receive e-mail when an outage or a planned change is published. Nothing is sent until you have confirmed the address.',
  email: 'E-mail address',
  areas: 'What do you want e-mail about?',
  outages: 'Outages',
  planned: 'Planned changes and service windows',
  services: 'Base services',
  servicesHint: 'Choose none to receive e-mail about all of them.',
  submit: 'Subscribe',
  emailInvalid: 'Enter a valid e-mail address, for example it@kommun.se.',
  areaRequired: 'Choose outages, planned changes or both.',
  serviceUnknown: 'Choose among the base services in the list.',
  mine: {
    title: 'Service status by e-mail',
    intro:
      'Choose whether to be e-mailed when outages and planned changes are published, and for which bastjänster. The e-mail goes to your address at {{party}}.',
    active: 'E-mail me about service status',
    save: 'Save',
    saved: 'Your choices are saved.',
    back: 'Back to notifications',
    link: 'Choose service status by e-mail',
  },
};
