import type { CatalogueShape } from '../catalogue.sv';
import type { EMAIL_SV } from './email.sv';

/** What our e-mails say, in English: the same keys as email.sv.ts. */
export const EMAIL_EN: CatalogueShape<typeof EMAIL_SV> = {
  frame: {
    greeting: 'Hello,',
    greetingNamed: 'Hello {{name}},',
    open: {
      deviation: 'Open the deviation',
      declaration: 'Open the self-declaration',
      announcement: 'SSBTEK service status',
    },
    unsubscribe: 'Unsubscribe',
    footer:
      'Deviation handling for SSBTEK · Swedish Association of Local Authorities and Regions. This message is automatic; please do not reply.',
  },
  types: {
    avvikelse_inskickad: 'Deviation submitted (receipt)',
    status_ändrad: 'Status changed',
    prioritet_ändrad: 'Priority changed',
    lösning_satt: 'Resolution set',
    kommentar_från_skr: 'Comment from SKR',
    kommentar_från_part: 'Comment from the other party',
    ansvar_tilldelat: 'Deviation assigned to you',
    komplettering_begärd: 'More information requested',
    sla_varning: 'SLA warning',
    sla_brott: 'SLA breach',
    deklaration_inskickad: 'Self-declaration submitted',
    granskning_beslutad: 'Review decided',
    förbehåll_närmar_sig: 'Reservation deadline approaching',
    drift_publicerad: 'Service information published',
    drift_uppdaterad: 'Service information updated',
    drift_avslutad: 'Service information closed',
    drift_inställd: 'Planned change cancelled',
    drift_påminnelse: 'Reminder: serious outage without update',
  },
  clock: { response: 'Response time', resolution: 'Resolution time' },
  commentWithdrawn: 'A comment from SKR has been withdrawn.',
  events: {
    avvikelse_inskickad: {
      subject: 'Deviation received: {{title}}',
      registered: 'Thank you. Your deviation has been registered as {{key}}.',
      quoteKey: 'Quote the key when you contact SKR about it.',
    },
    status_ändrad: { subject: 'Status changed: {{status}}', body: 'Deviation {{key}} ({{title}}) now has status {{status}}.' },
    prioritet_ändrad: { subject: 'Priority changed: {{priority}}', body: 'Deviation {{key}} ({{title}}) now has priority {{priority}}.' },
    lösning_satt: {
      subject: 'Deviation solved',
      body: 'Deviation {{key}} ({{title}}) has been solved.',
      resolution: 'Resolution:\n{{resolution}}',
      reopen: 'If the fault remains, you can reopen it within {{days}} days.',
    },
    kommentar_från_part: {
      subject: 'New comment on the deviation',
      body: 'The other party has commented on deviation {{key}} ({{title}}):',
    },
    ansvar_tilldelat: {
      subject: 'You are the responsible party for a deviation',
      body: 'SKR has made you the responsible party for deviation {{key}} ({{title}}).',
      contacts: "The reporter's contact details are in the deviation, for questions.",
    },
    kommentar_från_skr: { subject: 'New comment from SKR', body: 'SKR commented on deviation {{key}} ({{title}}):' },
    komplettering_begärd: {
      subject: 'SKR needs more information',
      body: 'SKR needs more information about deviation {{key}} ({{title}}).',
      answer: 'Please answer with a comment on the deviation.',
    },
    sla_varning: {
      subject: 'SLA warning: {{clock}}',
      body: '{{clock}} of deviation {{key}} has used {{percent}} % of its target.',
      due: 'The target is due {{due}}.',
    },
    sla_brott: {
      subject: 'SLA breach: {{clock}}',
      body: '{{clock}} of deviation {{key}} has exceeded the agreed target.',
      due: 'The target was {{due}}.',
    },
    deklaration_inskickad: {
      subject: 'Self-declaration submitted: {{title}}',
      body: 'Self-declaration {{key}} has been submitted to SKR for review.',
    },
    granskning_beslutad: {
      subject: 'Review decided: {{outcome}}',
      body: 'SKR has reviewed self-declaration {{key}} ({{title}}). Decision: {{outcome}}.',
      due: 'Fix and re-test by {{due}}; the declaration is then reviewed again.',
      comment: 'Comment from SKR:\n{{comment}}',
    },
    förbehåll_närmar_sig: {
      subject: 'Reservation due {{due}}',
      body: 'Self-declaration {{key}} ({{title}}) is approved with reservations. The fixes must be made and re-tested by {{due}}.',
    },
    drift_påminnelse: {
      subject: 'Reminder: no update for {{minutes}} minutes: {{title}}',
      body: 'The serious outage "{{title}}" is ongoing and no update has gone out since {{lastUpdate}}.',
      routine: 'The information routine for serious incidents asks that those affected are kept informed: publish an update.',
    },
  },
  announcement: {
    headline: { drift_publicerad: 'New', drift_uppdaterad: 'Updated', drift_avslutad: 'Closed', drift_inställd: 'Cancelled' },
    subject: '{{headline}} {{kind}}: {{title}}',
    what: '{{kind}}: {{title}}',
    affects: 'Affects: {{affects}}',
    period: 'Time: {{start}} – {{end}}',
    start: 'Start: {{start}}',
    update: 'Update:\n{{message}}',
  },
  invitation: {
    subject: 'Invitation to Avvikelse for {{where}}',
    greeting: 'Hello {{name}},',
    invited: 'You have been invited to use deviation handling for SSBTEK for {{where}}.',
    code: 'Log in with your usual login and enter the code below. It can be used once and is valid until {{until}}.',
    notExpected: 'If you did not expect this invitation, you can ignore this message.',
    accept: 'Accept the invitation',
  },
  subscribeConfirm: {
    subject: 'Confirm your SSBTEK service status subscription',
    asked: 'Someone (hopefully you) asked for this address to receive e-mail about outages and planned changes in SSBTEK.',
    link: 'Confirm with the link below. It can be used once and is valid until {{until}}.',
    notAsked: 'If you did not ask for it, you can ignore this message; the address is then removed.',
    confirm: 'Confirm the subscription',
  },
};
