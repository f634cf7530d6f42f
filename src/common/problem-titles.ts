/** Problem titles per HTTP status, in the two languages users read (Swedish first: it is the users' language). */
export const PROBLEM_TITLES: Record<number, { sv: string; en: string }> = {
  400: { sv: 'Ogiltig begäran', en: 'Bad Request' },
  401: { sv: 'Inte autentiserad', en: 'Unauthorized' },
  403: { sv: 'Åtgärden är inte tillåten', en: 'Forbidden' },
  404: { sv: 'Hittades inte', en: 'Not Found' },
  405: { sv: 'Metoden stöds inte', en: 'Method Not Allowed' },
  406: { sv: 'Formatet kan inte levereras', en: 'Not Acceptable' },
  408: { sv: 'Begäran kom för långsamt', en: 'Request Timeout' },
  409: { sv: 'Konflikt med aktuellt tillstånd', en: 'Conflict' },
  410: { sv: 'Finns inte längre', en: 'Gone' },
  412: { sv: 'Resursen har ändrats', en: 'Precondition Failed' },
  413: { sv: 'För stor begäran', en: 'Content Too Large' },
  415: { sv: 'Filtypen eller innehållstypen stöds inte', en: 'Unsupported Media Type' },
  422: { sv: 'Begäran kan inte behandlas', en: 'Unprocessable Content' },
  428: { sv: 'Villkor saknas (If-Match)', en: 'Precondition Required' },
  429: { sv: 'För många anrop', en: 'Too Many Requests' },
  500: { sv: 'Internt fel', en: 'Internal Server Error' },
  502: { sv: 'Fel från extern tjänst', en: 'Bad Gateway' },
  503: { sv: 'Tjänsten är inte tillgänglig', en: 'Service Unavailable' },
};

/** Details of problems whose explanation users read in their own language, by stable code. */
export const PROBLEM_DETAILS = {
  PERSONAL_IDENTITY_NUMBER_IN_TEXT: {
    sv:
      'Texten innehåller ett personnummer eller samordningsnummer. Avvikelser speglas till SKR:s Jira i molnet och skickas ' +
      'med e-post, så personuppgifter får inte stå i fritext: ta bort numret eller beskriv personen på annat sätt (till ' +
      'exempel "testperson 3" eller en anonymiserad referens). I testmiljön går Skatteverkets testpersonnummer bra.',
    en:
      "The text contains a Swedish personal identity number or coordination number. Deviations are mirrored to SKR's " +
      'Jira in the cloud and sent by e-mail, so personal data must not appear in free text: remove the number or refer ' +
      'to the person another way (for example "test person 3" or an anonymised reference). In the test environment, ' +
      "Skatteverket's test personal identity numbers are fine.",
  },
} as const satisfies Record<string, { sv: string; en: string }>;

export type Language = 'sv' | 'en';

/** Swedish unless the caller prefers English over Swedish in Accept-Language. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'sv';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.lang === 'sv' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === 'en' ? 'en' : 'sv';
}

export function problemTitle(status: number, language: Language): string {
  const titles = PROBLEM_TITLES[status] ?? (status >= 500 ? PROBLEM_TITLES[500] : PROBLEM_TITLES[400]);
  return titles[language];
}
