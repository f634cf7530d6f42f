/** What happened that a party must be told about. Values are Swedish, as the parties read them. */
export enum NotificationType {
  /** The receipt: the deviation is registered under its key. */
  AvvikelseInskickad = 'avvikelse_inskickad',
  StatusÄndrad = 'status_ändrad',
  PrioritetÄndrad = 'prioritet_ändrad',
  LösningSatt = 'lösning_satt',
  KommentarFrånSkr = 'kommentar_från_skr',
  /** The other party of a deviation (its reporter or its responsible party) wrote a public comment. */
  KommentarFrånPart = 'kommentar_från_part',
  /** SKR made the party responsible for a deviation. */
  AnsvarTilldelat = 'ansvar_tilldelat',
  KompletteringBegärd = 'komplettering_begärd',
  /** An SLA clock has used most of its target (raised by the SLA scan). */
  SlaVarning = 'sla_varning',
  /** An SLA clock has passed its target. */
  SlaBrott = 'sla_brott',
  DeklarationInskickad = 'deklaration_inskickad',
  /** SKR's review decision on a self-declaration. */
  GranskningBeslutad = 'granskning_beslutad',
  /** The date by which a "godkänd med förbehåll" declaration must be fixed and re-tested is near. */
  FörbehållNärmarSig = 'förbehåll_närmar_sig',
}

export const NOTIFICATION_TYPES: readonly NotificationType[] = Object.values(NotificationType);

/** Decisions and breaches are always e-mailed: a party must not miss them because of a setting. */
export const MANDATORY_NOTIFICATION_TYPES: readonly NotificationType[] = [NotificationType.GranskningBeslutad, NotificationType.SlaBrott];
