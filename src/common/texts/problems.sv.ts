/**
 * What a problem document says to people, in Swedish: the title per HTTP status, and the detail of the problems whose
 * explanation users read in their own language, by stable code. Part of the one catalogue (src/pages/catalogue.sv.ts
 * takes it in as `problems`); it lives here, in the lowest layer, because the problem-details filter and the OpenAPI
 * decorators of every module read it.
 */
export const PROBLEMS_SV = {
  title: {
    '400': 'Ogiltig begäran',
    '401': 'Inte autentiserad',
    '403': 'Åtgärden är inte tillåten',
    '404': 'Hittades inte',
    '405': 'Metoden stöds inte',
    '406': 'Formatet kan inte levereras',
    '408': 'Begäran kom för långsamt',
    '409': 'Konflikt med aktuellt tillstånd',
    '410': 'Finns inte längre',
    '412': 'Resursen har ändrats',
    '413': 'För stor begäran',
    '415': 'Filtypen eller innehållstypen stöds inte',
    '422': 'Begäran kan inte behandlas',
    '428': 'Villkor saknas (If-Match)',
    '429': 'För många anrop',
    '500': 'Internt fel',
    '502': 'Fel från extern tjänst',
    '503': 'Tjänsten är inte tillgänglig',
  },
  detail: {
    PERSONAL_IDENTITY_NUMBER_IN_TEXT:
      'Texten innehåller ett personnummer eller samordningsnummer. Avvikelser speglas till SKR:s Jira i molnet och skickas ' +
      'med e-post, så personuppgifter får inte stå i fritext: ta bort numret eller beskriv personen på annat sätt (till ' +
      'exempel "testperson 3" eller en anonymiserad referens). I testmiljön går Skatteverkets testpersonnummer bra.',
  },
};
