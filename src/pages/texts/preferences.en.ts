/** A party member's e-mail choices (catalogue key `preferences`); the event types are named as on the webhooks page. */
export const PREFERENCES_EN = {
  nav: 'Notifications',
  title: 'E-mail notifications',
  intro: 'Choose what you want e-mails about when you act for {{party}}. Your choice applies to you only, and to this party only.',
  legend: 'E-mail me about',
  hint: 'You will no longer get e-mails about what you uncheck. Review decisions and breached response or resolution times are always sent.',
  always: 'always sent',
  save: 'Save choices',
  saved: 'Your choices are saved.',
} as const;
