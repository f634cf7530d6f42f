// The preflight's messages and hints, in the two languages SKR's administrators read (Swedish first).

export interface PreflightText {
  sv: string;
  en: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export const PREFLIGHT_TEXTS = {
  notChecked: (reason: PreflightText): PreflightText => ({ sv: `Inte kontrollerat: ${reason.sv}.`, en: `Not checked: ${reason.en}.` }),
  jiraError: (error: string): PreflightText => ({
    sv: `Jira svarade inte som väntat: ${error}`,
    en: `Jira did not answer as expected: ${error}`,
  }),
  tokenOk: (accountId: string): PreflightText => ({
    sv: `API-token fungerar och tillhör kontot ${accountId}.`,
    en: `The API token works and acts as account ${accountId}.`,
  }),
  tokenAnonymous: (error: string): PreflightText => ({
    sv: `API-token fungerar inte (utgången, återkallad eller fel e-post): Jira behandlar oss som anonyma. ${error}`,
    en: `The API token does not work (expired, revoked or wrong email): Jira treats us as anonymous. ${error}`,
  }),
  tokenHint: {
    sv: 'Skapa en ny API-token för tjänstekontot och sätt den med PUT /api/v1/jira/token (eller i JIRA_API_TOKEN_FILE eller JIRA_API_TOKEN); kontrollera JIRA_EMAIL.',
    en: 'Create a new API token for the service account and set it with PUT /api/v1/jira/token (or in JIRA_API_TOKEN_FILE or JIRA_API_TOKEN); check JIRA_EMAIL.',
  },
  tokenUnavailable: (error: string): PreflightText => ({
    sv: `Ingen API-token kunde läsas, så inget skickades till Jira: ${error}`,
    en: `No API token could be read, so nothing was sent to Jira: ${error}`,
  }),
  tokenUnavailableHint: {
    sv: 'Sätt JIRA_TOKEN_ENCRYPTION_KEY (och vid nyckelbyte den gamla i JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS) så att den lagrade token går att dekryptera, sätt token på nytt med PUT /api/v1/jira/token, eller rätta JIRA_API_TOKEN_FILE.',
    en: 'Set JIRA_TOKEN_ENCRYPTION_KEY (and, during a key rotation, the old one in JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS) so the stored token decrypts, set the token again with PUT /api/v1/jira/token, or fix JIRA_API_TOKEN_FILE.',
  },
  projectOk: (key: string): PreflightText => ({ sv: `Projektet ${key} är synligt.`, en: `Project ${key} is visible.` }),
  projectMissing: (key: string, error: string): PreflightText => ({
    sv: `Projektet ${key} syns inte för tjänstekontot: ${error}`,
    en: `Project ${key} is not visible to the service account: ${error}`,
  }),
  projectHint: {
    sv: 'Kontrollera JIRA_PROJECT_KEY och ge tjänstekontot Browse projects, Create issues, Edit issues, Transition issues, Add comments och Create attachments i projektet.',
    en: 'Check JIRA_PROJECT_KEY and give the service account Browse projects, Create issues, Edit issues, Transition issues, Add comments and Create attachments in the project.',
  },
  issueTypeOk: (id: string): PreflightText => ({
    sv: `Ärendetypen ${id} finns i projektet.`,
    en: `Issue type ${id} exists in the project.`,
  }),
  issueTypeMissing: (id: string): PreflightText => ({
    sv: `Ärendetypen ${id} finns inte i projektet.`,
    en: `Issue type ${id} does not exist in the project.`,
  }),
  issueTypeHint: {
    sv: 'Sätt JIRA_ISSUE_TYPE_ID till id:t för en ärendetyp i projektets ärendetypsschema.',
    en: "Set JIRA_ISSUE_TYPE_ID to the id of an issue type in the project's issue type scheme.",
  },
  fieldsOk: {
    sv: 'Skapaskärmen har alla mappade fält och inga omappade obligatoriska fält.',
    en: 'The create screen has every mapped field and no unmapped required field.',
  },
  fieldsProblems: (list: string): PreflightText => ({
    sv: `Skapaskärmen stämmer inte med JIRA_CUSTOM_FIELDS: ${list}.`,
    en: `The create screen does not match JIRA_CUSTOM_FIELDS: ${list}.`,
  }),
  optionsOk: (fieldId: string): PreflightText => ({
    sv: `Varje part och bastjänst har sitt alternativ i ${fieldId}.`,
    en: `Every party and bastjänst has its option in ${fieldId}.`,
  }),
  optionsMissing: (count: number, fieldId: string, bastjänster: boolean): PreflightText => ({
    sv: `${count} ${bastjänster ? 'bastjänster' : 'parter'} saknar alternativ i ${fieldId}; kör npm run jira:setup.`,
    en: `${count} ${bastjänster ? 'bastjänster' : 'parties'} have no option in ${fieldId}; run npm run jira:setup.`,
  }),
  optionsDeleted: (count: number, fieldId: string): PreflightText => ({
    sv: `${count} alternativ i ${fieldId} som står för våra parter eller bastjänster har tagits bort i Jira; kör npm run jira:setup.`,
    en: `${count} options in ${fieldId} that stand for our parties or bastjänster were deleted in Jira; run npm run jira:setup.`,
  }),
  optionsDisabled: (count: number, fieldId: string): PreflightText => ({
    sv: `${count} alternativ i ${fieldId} som står för våra parter eller bastjänster är inaktiverade i Jira och avvisas på ärendena; kör npm run jira:setup.`,
    en: `${count} options in ${fieldId} that stand for our parties or bastjänster are disabled in Jira and refused on the issues; run npm run jira:setup.`,
  }),
  optionsContextMissesProject: (fieldId: string, projectKey: string): PreflightText => ({
    sv: `Fältet ${fieldId} har ingen kontext som omfattar projektet ${projectKey}: det kan inte sättas på våra ärenden.`,
    en: `Field ${fieldId} has no context covering project ${projectKey}: it cannot be set on our issues.`,
  }),
  optionsContextHint: {
    sv: 'Lägg till projektet i fältets kontext (Inställningar → Ärenden → Anpassade fält → Kontexter) eller gör kontexten global.',
    en: "Add the project to the field's context (Settings → Issues → Custom fields → Contexts) or make the context global.",
  },
  optionsUnreadable: {
    sv: 'Tjänstekontot får inte läsa fältens alternativ (403: Administer Jira krävs).',
    en: 'The service account may not read the fields’ options (403: Administer Jira is needed).',
  },
  optionsSetupHint: {
    sv: 'Kör npm run jira:setup med ett konto som har Administer Jira; nya parter får sedan sitt alternativ av synken.',
    en: 'Run npm run jira:setup with an account that has Administer Jira; new parties then get their option from the sync.',
  },
  fieldsHint: {
    sv: 'Lägg de mappade fälten på projektets skapaskärm, mappa varje obligatoriskt fält i JIRA_CUSTOM_FIELDS eller gör det valfritt.',
    en: "Put the mapped fields on the project's create screen, map each required field in JIRA_CUSTOM_FIELDS, or make it optional.",
  },
  statusOk: (id: string, value: string): PreflightText => ({
    sv: `Status ${id} (${value}) finns och nås i arbetsflödet.`,
    en: `Status ${id} (${value}) exists and is reached in the workflow.`,
  }),
  statusExistsOnly: (id: string, value: string): PreflightText => ({
    sv: `Status ${id} (${value}) finns, men inget ärende i projektet visar ännu hur den nås.`,
    en: `Status ${id} (${value}) exists, but no issue in the project shows yet how it is reached.`,
  }),
  statusMissing: (id: string, value: string): PreflightText => ({
    sv: `Status ${id} (${value}) finns inte i Jira.`,
    en: `Status ${id} (${value}) does not exist in Jira.`,
  }),
  statusUnreached: (id: string, value: string): PreflightText => ({
    sv: `Status ${id} (${value}) nås inte av någon övergång som de senaste ärendena erbjuder.`,
    en: `Status ${id} (${value}) is not reached by any transition the latest issues offer.`,
  }),
  statusHint: {
    sv: 'Rätta mappningen (PUT /api/v1/jira/mapping) eller lägg till en övergång till statusen i projektets arbetsflöde.',
    en: "Correct the mapping (PUT /api/v1/jira/mapping) or add a transition to the status in the project's workflow.",
  },
  attachmentsOk: (limit: number | null): PreflightText => ({
    sv: `Bilagor är påslagna${limit === null ? '' : `, högst ${mb(limit)} per fil`}.`,
    en: `Attachments are enabled${limit === null ? '' : `, at most ${mb(limit)} per file`}.`,
  }),
  attachmentsOff: { sv: 'Bilagor är avstängda på Jira-siten.', en: 'Attachments are disabled on the Jira site.' },
  attachmentsHint: {
    sv: 'Slå på bilagor under Inställningar → System → Bilagor; till dess synkas avvikelser utan sina filer.',
    en: 'Enable attachments under Settings → System → Attachments; until then deviations sync without their files.',
  },
  webhookOk: (url: string): PreflightText => ({ sv: `Webhooken till ${url} är registrerad.`, en: `The webhook to ${url} is registered.` }),
  webhookMissing: (url: string): PreflightText => ({
    sv: `Ingen webhook till ${url} är registrerad: ändringar i Jira märks först vid avstämningen.`,
    en: `No webhook to ${url} is registered: changes in Jira are only seen by the reconciliation.`,
  }),
  webhookSetupHint: {
    sv: 'Kör npm run jira:setup med ett konto som har Administer Jira.',
    en: 'Run npm run jira:setup with an account that has Administer Jira.',
  },
  webhookUnlisted: (url: string): PreflightText => ({
    sv: `Tjänstekontot får inte lista webhooks (kräver Administer Jira), så det går inte att se om webhooken till ${url} finns.`,
    en: `The service account may not list webhooks (needs Administer Jira), so whether the webhook to ${url} exists cannot be seen.`,
  }),
  webhookManualHint: (url: string, projectKey: string): PreflightText => ({
    sv: `En Jira-administratör registrerar under Inställningar → System → WebHooks: URL ${url}, hemligheten i JIRA_WEBHOOK_SECRET, händelser issue created/updated/deleted och comment created/updated/deleted, JQL "project = ${projectKey}".`,
    en: `A Jira administrator registers under Settings → System → WebHooks: URL ${url}, the secret in JIRA_WEBHOOK_SECRET, events issue created/updated/deleted and comment created/updated/deleted, JQL "project = ${projectKey}".`,
  }),
  tokenFirst: { sv: 'API-token fungerar inte', en: 'the API token does not work' },
  projectFirst: { sv: 'projektet syns inte', en: 'the project is not visible' },
};
