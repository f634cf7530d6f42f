/**
 * What our e-mails say (notifications, invitations, driftinformation), in Swedish. The events' keys are the
 * notification types; `{{…}}` are filled in by src/notifications from the event's public values only.
 */
export const EMAIL_SV = {
  frame: {
    greeting: 'Hej!',
    greetingNamed: 'Hej {{name}}!',
    open: {
      deviation: 'Öppna avvikelsen',
      declaration: 'Öppna självdeklarationen',
      announcement: 'Driftinformation för SSBTEK',
    },
    unsubscribe: 'Avsluta prenumerationen',
    footer: 'Avvikelsehantering för SSBTEK · Sveriges Kommuner och Regioner. Meddelandet är automatiskt; svara inte på det.',
  },
  /** Every event type's name, for lists and settings pages. */
  types: {
    avvikelse_inskickad: 'Avvikelse inskickad (kvitto)',
    status_ändrad: 'Status ändrad',
    prioritet_ändrad: 'Prioritet ändrad',
    lösning_satt: 'Lösning satt',
    kommentar_från_skr: 'Kommentar från SKR',
    kommentar_från_part: 'Kommentar från den andra parten',
    ansvar_tilldelat: 'Ansvar för avvikelse tilldelat',
    komplettering_begärd: 'Komplettering begärd',
    sla_varning: 'SLA-varning',
    sla_brott: 'SLA-brott',
    deklaration_inskickad: 'Självdeklaration inskickad',
    granskning_beslutad: 'Granskning beslutad',
    förbehåll_närmar_sig: 'Förbehåll närmar sig',
    drift_publicerad: 'Driftinformation publicerad',
    drift_uppdaterad: 'Driftinformation uppdaterad',
    drift_avslutad: 'Driftinformation avslutad',
    drift_inställd: 'Planerad ändring inställd',
    drift_påminnelse: 'Påminnelse: allvarlig störning utan uppdatering',
  },
  clock: { response: 'Responstid', resolution: 'Åtgärdstid' },
  /** Replaces a stored comment SKR restricted or deleted in Jira after it was shared. */
  commentWithdrawn: 'En kommentar från SKR har dragits tillbaka.',
  events: {
    avvikelse_inskickad: {
      subject: 'Avvikelsen är mottagen: {{title}}',
      registered: 'Tack! Er avvikelse har registrerats med nyckeln {{key}}.',
      quoteKey: 'Ange nyckeln när ni kontaktar SKR om avvikelsen.',
    },
    status_ändrad: { subject: 'Status ändrad: {{status}}', body: 'Avvikelsen {{key}} ({{title}}) har nu status {{status}}.' },
    prioritet_ändrad: { subject: 'Prioritet ändrad: {{priority}}', body: 'Avvikelsen {{key}} ({{title}}) har nu prioritet {{priority}}.' },
    lösning_satt: {
      subject: 'Avvikelsen är löst',
      body: 'Avvikelsen {{key}} ({{title}}) är löst.',
      resolution: 'Lösning:\n{{resolution}}',
      reopen: 'Kvarstår felet kan ni återöppna avvikelsen inom {{days}} dagar.',
    },
    kommentar_från_part: {
      subject: 'Ny kommentar på avvikelsen',
      body: 'Den andra parten har kommenterat avvikelsen {{key}} ({{title}}):',
    },
    ansvar_tilldelat: {
      subject: 'Ni är ansvarig part för en avvikelse',
      body: 'SKR har gjort er till ansvarig part för avvikelsen {{key}} ({{title}}).',
      contacts: 'Rapportörens kontaktuppgifter finns i avvikelsen för frågor.',
    },
    kommentar_från_skr: { subject: 'Ny kommentar från SKR', body: 'SKR har kommenterat avvikelsen {{key}} ({{title}}):' },
    komplettering_begärd: {
      subject: 'SKR behöver mer information',
      body: 'SKR behöver kompletterande uppgifter om avvikelsen {{key}} ({{title}}).',
      answer: 'Svara med en kommentar på avvikelsen.',
    },
    sla_varning: {
      subject: 'SLA-varning: {{clock}}',
      body: '{{clock}} för avvikelsen {{key}} har förbrukat {{percent}} % av målet.',
      due: 'Målet ska nås senast {{due}}.',
    },
    sla_brott: {
      subject: 'SLA-brott: {{clock}}',
      body: '{{clock}} för avvikelsen {{key}} har överskridit målet enligt avtalet.',
      due: 'Målet var {{due}}.',
    },
    deklaration_inskickad: {
      subject: 'Självdeklarationen är inskickad: {{title}}',
      body: 'Självdeklarationen {{key}} har skickats in till SKR för granskning.',
    },
    granskning_beslutad: {
      subject: 'Granskning beslutad: {{outcome}}',
      body: 'SKR har granskat självdeklarationen {{key}} ({{title}}). Beslut: {{outcome}}.',
      due: 'Åtgärda och testa om senast {{due}}; därefter granskas deklarationen igen.',
      comment: 'Kommentar från SKR:\n{{comment}}',
    },
    förbehåll_närmar_sig: {
      subject: 'Förbehållet löper ut {{due}}',
      body: 'Självdeklarationen {{key}} ({{title}}) är godkänd med förbehåll. Åtgärderna ska vara gjorda och omtestade senast {{due}}.',
    },
    drift_påminnelse: {
      subject: 'Påminnelse: ingen uppdatering på {{minutes}} minuter: {{title}}',
      body: 'Den allvarliga driftstörningen "{{title}}" pågår och ingen uppdatering har gått ut sedan {{lastUpdate}}.',
      routine: 'Enligt informationsrutinen för allvarliga incidenter ska berörda hållas informerade: publicera en uppdatering.',
    },
  },
  /**
   * The announcement e-mails (published, updated, closed, cancelled) share one body. The kind's name is the status
   * page's (driftinfo.kind), so an e-mail never calls a planned change something else than the page it links to.
   */
  announcement: {
    headline: { drift_publicerad: 'Ny', drift_uppdaterad: 'Uppdaterad', drift_avslutad: 'Avslutad', drift_inställd: 'Inställd' },
    subject: '{{headline}} {{kind}}: {{title}}',
    what: '{{kind}}: {{title}}',
    affects: 'Påverkar: {{affects}}',
    period: 'Tid: {{start}} – {{end}}',
    start: 'Start: {{start}}',
    update: 'Uppdatering:\n{{message}}',
  },
  invitation: {
    subject: 'Inbjudan till Avvikelse för {{where}}',
    greeting: 'Hej {{name}}!',
    invited: 'Du har bjudits in att använda avvikelsehanteringen för SSBTEK för {{where}}.',
    code: 'Logga in med din vanliga inloggning och ange koden nedan. Koden kan användas en gång och gäller till {{until}}.',
    notExpected: 'Om du inte väntade dig inbjudan kan du bortse från meddelandet.',
    accept: 'Acceptera inbjudan',
  },
  subscribeConfirm: {
    subject: 'Bekräfta din prenumeration på driftinformation för SSBTEK',
    asked: 'Någon (förhoppningsvis du) har bett att den här adressen ska få e-post om driftstörningar och planerade ändringar i SSBTEK.',
    link: 'Bekräfta med länken nedan. Den kan användas en gång och gäller till {{until}}.',
    notAsked: 'Om du inte bad om det kan du bortse från meddelandet; adressen tas då bort.',
    confirm: 'Bekräfta prenumerationen',
  },
};
