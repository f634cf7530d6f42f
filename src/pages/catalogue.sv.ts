/**
 * The Swedish message catalogue: every text a page shows. Swedish is the users' language and the reference;
 * catalogue.en.ts must have exactly the same keys (catalogue.spec.ts checks it).
 */
export const SV = {
  site: {
    name: 'Avvikelse',
    tagline: 'Avvikelsehantering för SSBTEK',
    skipToContent: 'Hoppa till huvudinnehållet',
    mainNavigation: 'Huvudmeny',
    language: 'Språk',
    switchLanguage: 'In English',
    actingFor: 'Du agerar för {{party}}',
    footer: 'Sidfot',
    accessibility: 'Tillgänglighetsredogörelse',
    logOut: 'Logga ut',
    logIn: 'Logga in',
    choosePartyLink: 'Byt part',
  },
  nav: {
    start: 'Start',
    deviations: 'Avvikelser',
    report: 'Rapportera avvikelse',
  },
  errors: {
    title400: 'Begäran kunde inte behandlas',
    text400: 'Det du skickade gick inte att behandla. Gå tillbaka och försök igen.',
    title403: 'Du har inte behörighet',
    text403: 'Du har inte behörighet att göra detta. Formuläret kan ha blivit för gammalt: ladda om sidan och försök igen.',
    title404: 'Sidan hittades inte',
    text404: 'Sidan finns inte, eller så har du inte tillgång till den.',
    title429: 'För många förfrågningar',
    text429: 'Du har gjort för många förfrågningar på kort tid. Vänta en stund och försök igen.',
    title500: 'Något gick fel',
    text500: 'Ett fel uppstod hos oss. Försök igen om en stund. Ange felkoden om du kontaktar oss.',
    traceId: 'Felkod',
    backToStart: 'Till startsidan',
    summaryTitle: 'Det finns fel i formuläret',
  },
  roles: {
    reporter: 'rapportör',
    reader: 'läsare',
    admin: 'administratör',
    skr: 'SKR',
    'skr-admin': 'SKR-administratör',
  },
  choose: {
    title: 'Välj part',
    legend: 'Vilken part vill du agera för?',
    submit: 'Fortsätt',
    none: 'Du är inte medlem i någon part ännu. Har du fått en inbjudan med en kod kan du ange den här.',
    haveCode: 'Jag har en inbjudningskod',
    partyRequired: 'Välj en av dina parter.',
  },
  invitation: {
    title: 'Acceptera inbjudan',
    intro: 'Ange koden från inbjudan du fått med e-post. Den kopplar ditt konto till parten som bjöd in dig.',
    code: 'Inbjudningskod',
    codeHint: 'Koden står i e-postmeddelandet och gäller i sju dagar.',
    submit: 'Acceptera inbjudan',
    codeInvalid: 'Koden gäller inte. Den kan vara använd, återkallad eller för gammal, eller avsedd för någon annan.',
  },
  start: {
    title: 'Start',
    welcome: 'Här ser du det som väntar på dig och din part.',
  },
  accessibility: {
    title: 'Tillgänglighetsredogörelse',
    intro:
      'Sveriges Kommuner och Regioner (SKR) står bakom Avvikelse. Vi vill att så många som möjligt ska kunna använda tjänsten. Den här redogörelsen beskriver hur Avvikelse uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.',
    statusTitle: 'Hur tillgänglig är tjänsten?',
    status:
      'Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service. Varje sida testas automatiskt mot WCAG 2.1 nivå AA i en riktig webbläsare.',
    knownTitle: 'Kända brister',
    known: 'Vi känner i dag inte till några brister. Har du hittat en, berätta gärna.',
    feedbackTitle: 'Rapportera brister i tillgängligheten',
    feedbackIntro: 'Beskriv problemet och var i tjänsten du stötte på det. Vi svarar inom två arbetsdagar om du lämnar en e-postadress.',
    feedbackMessage: 'Vad fungerade inte?',
    feedbackMessageHint: 'Till exempel vilken sida det gäller och vilket hjälpmedel du använder.',
    feedbackEmail: 'Din e-postadress (frivillig)',
    feedbackSend: 'Skicka',
    feedbackThanks: 'Tack! Vi har tagit emot din synpunkt.',
    supervisionTitle: 'Tillsyn',
    supervision:
      'Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg.',
    assessedTitle: 'Hur vi testat tjänsten',
    assessed:
      'Redogörelsen bygger på automatiska tester med axe-core och HTML-validering av varje sida, med och utan JavaScript, på svenska och engelska.',
    messageRequired: 'Beskriv vad som inte fungerade.',
    messageTooLong: 'Skriv högst {{max}} tecken.',
    emailInvalid: 'Ange en giltig e-postadress, till exempel namn@kommun.se.',
  },
} as const;

/** The shape both catalogues share: every leaf a string. */
export type CatalogueShape<T> = { readonly [K in keyof T]: T[K] extends string ? string : CatalogueShape<T[K]> };
