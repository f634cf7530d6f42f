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
  /** Driftinformation: an outage or a service window was published (to its subscribers, not to a party). */
  DriftPublicerad = 'drift_publicerad',
  DriftUppdaterad = 'drift_uppdaterad',
  /** The outage is over or the work is done. */
  DriftAvslutad = 'drift_avslutad',
  /** A planned change was called off. */
  DriftInställd = 'drift_inställd',
  /** To SKR: a serious outage is ongoing and no update went out for a while. */
  DriftPåminnelse = 'drift_påminnelse',
}

/** Events about announcements: they go to subscribers (and SKR), never to a party's members, preferences or webhooks. */
export const DRIFT_NOTIFICATION_TYPES: readonly NotificationType[] = [
  NotificationType.DriftPublicerad,
  NotificationType.DriftUppdaterad,
  NotificationType.DriftAvslutad,
  NotificationType.DriftInställd,
  NotificationType.DriftPåminnelse,
];

/** The types a party is told about: its preferences and webhooks choose among these. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = Object.values(NotificationType).filter(
  (type) => !DRIFT_NOTIFICATION_TYPES.includes(type),
);

/** Decisions and breaches are always e-mailed: a party must not miss them because of a setting. */
export const MANDATORY_NOTIFICATION_TYPES: readonly NotificationType[] = [NotificationType.GranskningBeslutad, NotificationType.SlaBrott];
