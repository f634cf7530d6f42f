export const aContact = { namn: 'Anna Andersson', telefon: '070-123 45 67', epost: 'anna.andersson@goteborg.se' };

/** A complete report (everything seed 000 asks for); override what a test is about. */
export function aDeviationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    rubrik: 'Svarstider över 30 sekunder mot CSN',
    reproduktionssteg: '1. Logga in\n2. Sök person 19121212-1212\n3. Vänta på svar',
    utfall: 'Anropet avbryts med timeout efter 30 sekunder; avvikelserna upprepas varje morgon.',
    förväntat: 'Svar inom 5 sekunder',
    del: 'gränssnitt_mot_frågetjänster',
    miljö: 'produktion',
    kravreferens: 'SLA 4.8.1',
    påverkan: 2,
    tidpunkt: 1,
    kontaktpersoner: [aContact],
    ...overrides,
  };
}
