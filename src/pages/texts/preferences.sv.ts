/** A party member's e-mail choices (catalogue key `preferences`); the event types are named as on the webhooks page. */
export const PREFERENCES_SV = {
  nav: 'Aviseringar',
  title: 'Aviseringar via e-post',
  intro: 'Välj vilka händelser du vill få e-post om när du agerar för {{party}}. Valet gäller bara dig och bara den här parten.',
  legend: 'Skicka e-post till mig om',
  hint: 'Det du kryssar ur får du inte längre e-post om. Beslut om granskning och överskriden svars- eller åtgärdstid skickas alltid.',
  always: 'skickas alltid',
  save: 'Spara val',
  saved: 'Dina val är sparade.',
} as const;
