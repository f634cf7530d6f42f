import type { CatalogueShape, SV } from './catalogue.sv';

/** The English message catalogue: the same keys as the Swedish one, which is the reference. */
export const EN: CatalogueShape<typeof SV> = {
  site: {
    name: 'Avvikelse',
    tagline: 'Deviation management for SSBTEK',
    skipToContent: 'Skip to main content',
    mainNavigation: 'Main menu',
    language: 'Language',
    switchLanguage: 'På svenska',
    actingFor: 'You act for {{party}}',
    footer: 'Footer',
    accessibility: 'Accessibility statement',
    logOut: 'Log out',
    logIn: 'Log in',
    choosePartyLink: 'Change party',
  },
  nav: {
    start: 'Start',
    deviations: 'Deviations',
    report: 'Report a deviation',
  },
  errors: {
    title400: 'The request could not be processed',
    text400: 'What you sent could not be processed. Go back and try again.',
    title403: 'You are not allowed to do this',
    text403: 'You are not allowed to do this. The form may have grown too old: reload the page and try again.',
    title404: 'Page not found',
    text404: 'The page does not exist, or you have no access to it.',
    title429: 'Too many requests',
    text429: 'You have made too many requests in a short time. Wait a moment and try again.',
    title500: 'Something went wrong',
    text500: 'An error occurred on our side. Try again in a while. Quote the error code if you contact us.',
    traceId: 'Error code',
    backToStart: 'To the start page',
    summaryTitle: 'There are errors in the form',
  },
  roles: {
    reporter: 'reporter',
    reader: 'reader',
    admin: 'administrator',
    skr: 'SKR',
    'skr-admin': 'SKR administrator',
  },
  choose: {
    title: 'Choose party',
    legend: 'Which party do you want to act for?',
    submit: 'Continue',
    none: 'You are not a member of any party yet. If you have received an invitation with a code, you can enter it here.',
    haveCode: 'I have an invitation code',
    partyRequired: 'Choose one of your parties.',
  },
  invitation: {
    title: 'Accept invitation',
    intro: 'Enter the code from the invitation you received by e-mail. It links your account to the party that invited you.',
    code: 'Invitation code',
    codeHint: 'The code is in the e-mail and is valid for seven days.',
    submit: 'Accept invitation',
    codeInvalid: 'The code is not valid. It may be used, revoked or too old, or meant for someone else.',
  },
  start: {
    title: 'Start',
    welcome: 'Here you see what is waiting for you and your party.',
  },
  accessibility: {
    title: 'Accessibility statement',
    intro:
      'The Swedish Association of Local Authorities and Regions (SKR) is behind Avvikelse. We want as many people as possible to be able to use the service. This statement describes how Avvikelse complies with the Swedish act (2018:1937) on accessibility to digital public services, known accessibility problems and how you can report shortcomings to us so that we can fix them.',
    statusTitle: 'How accessible is the service?',
    status:
      'The service is partially compliant with the act on accessibility to digital public services. Every page is tested automatically against WCAG 2.1 level AA in a real browser.',
    knownTitle: 'Known shortcomings',
    known: 'We know of no shortcomings today. If you have found one, please tell us.',
    feedbackTitle: 'Report accessibility shortcomings',
    feedbackIntro:
      'Describe the problem and where in the service you met it. We answer within two working days if you leave an e-mail address.',
    feedbackMessage: 'What did not work?',
    feedbackMessageHint: 'For example which page it concerns and which assistive technology you use.',
    feedbackEmail: 'Your e-mail address (optional)',
    feedbackSend: 'Send',
    feedbackThanks: 'Thank you! We have received your feedback.',
    supervisionTitle: 'Supervision',
    supervision:
      'The Agency for Digital Government (Digg) supervises the act. If you are not satisfied with how we handle your feedback, you can contact Digg.',
    assessedTitle: 'How we tested the service',
    assessed:
      'This statement is based on automated tests with axe-core and HTML validation of every page, with and without JavaScript, in Swedish and English.',
    messageRequired: 'Describe what did not work.',
    messageTooLong: 'Write at most {{max}} characters.',
    emailInvalid: 'Enter a valid e-mail address, for example name@municipality.se.',
  },
};
