/** Linking a deviation to an ongoing outage from the portal (catalogue key `outageLinks`). */
export const OUTAGE_LINKS_SV = {
  reportHeading: 'Pågående störningar och ändringar',
  reportIntro:
    'Gäller din rapport en av dessa kan du koppla den till störningen från avvikelsens sida när du skickat in den, i stället för att rapportera samma sak två gånger.',
  heading: 'Kopplade driftstörningar',
  none: 'Avvikelsen är inte kopplad till någon driftstörning.',
  form: 'Koppla till pågående störning',
  choose: 'Pågående driftstörning',
  link: 'Koppla',
  linked: 'Avvikelsen är kopplad till driftstörningen.',
  required: 'Välj en pågående driftstörning.',
  refused: 'Driftstörningen finns inte eller pågår inte längre. Välj en annan i listan.',
} as const;
