// Every word a notification says, in Swedish and English: the type names, what each event says, and the frame of an
// e-mail around it. This file is data; notification-email.ts puts it together into a subject, text and HTML.
import type { Language } from '../common/problem-titles';
import { REOPEN_WINDOW_DAYS } from '../agreements/reopen-window';
import { type NotificationEvent, type NotificationSubjectKind } from './notification-event.entity';
import { DRIFT_FRAME, DRIFT_TEMPLATES, DRIFT_TYPE_NAMES } from './drift-notification-templates';
import { formatWhen } from './notification-format';
import { NotificationType } from './notification-type';

type Texts = { sv: string; en: string };

/**
 * What the party reads where a comment from SKR was, once SKR restricted or deleted it in Jira after it was shared.
 * One text in both languages: it replaces a stored comment, which has no reader's language.
 */
export const COMMENT_WITHDRAWN: Texts = {
  sv: 'En kommentar från SKR har dragits tillbaka.',
  en: 'A comment from SKR has been withdrawn.',
};
export const COMMENT_WITHDRAWN_TEXT = `${COMMENT_WITHDRAWN.sv} (${COMMENT_WITHDRAWN.en})`;

const STATUS_NAMES: Record<string, Texts> = {
  utkast: { sv: 'Utkast', en: 'Draft' },
  inskickad: { sv: 'Inskickad', en: 'Submitted' },
  mottagen: { sv: 'Mottagen', en: 'Received' },
  under_utredning: { sv: 'Under utredning', en: 'Under investigation' },
  åtgärdas: { sv: 'Åtgärdas', en: 'Being fixed' },
  väntar_på_komplettering: { sv: 'Väntar på komplettering', en: 'Awaiting more information' },
  löst: { sv: 'Löst', en: 'Solved' },
  stängd: { sv: 'Stängd', en: 'Closed' },
  återkallad: { sv: 'Återkallad', en: 'Withdrawn' },
};

const PRIORITY_NAMES: Record<string, Texts> = {
  kritisk: { sv: 'Kritisk', en: 'Critical' },
  hög: { sv: 'Hög', en: 'High' },
  medel: { sv: 'Medel', en: 'Medium' },
  låg: { sv: 'Låg', en: 'Low' },
};

const CLOCK_NAMES: Record<string, Texts> = {
  response: { sv: 'Responstid', en: 'Response time' },
  resolution: { sv: 'Åtgärdstid', en: 'Resolution time' },
};

const OUTCOME_NAMES: Record<string, Texts> = {
  godkänd: { sv: 'Godkänd', en: 'Approved' },
  godkänd_med_förbehåll: { sv: 'Godkänd med förbehåll', en: 'Approved with reservations' },
  icke_godkänd: { sv: 'Icke godkänd', en: 'Not approved' },
};

/** Every event type's name, for lists and settings pages. */
export const NOTIFICATION_TYPE_NAMES: Record<NotificationType, Texts> = {
  [NotificationType.AvvikelseInskickad]: { sv: 'Avvikelse inskickad (kvitto)', en: 'Deviation submitted (receipt)' },
  [NotificationType.StatusÄndrad]: { sv: 'Status ändrad', en: 'Status changed' },
  [NotificationType.PrioritetÄndrad]: { sv: 'Prioritet ändrad', en: 'Priority changed' },
  [NotificationType.LösningSatt]: { sv: 'Lösning satt', en: 'Resolution set' },
  [NotificationType.KommentarFrånSkr]: { sv: 'Kommentar från SKR', en: 'Comment from SKR' },
  [NotificationType.KommentarFrånPart]: { sv: 'Kommentar från den andra parten', en: 'Comment from the other party' },
  [NotificationType.AnsvarTilldelat]: { sv: 'Ansvar för avvikelse tilldelat', en: 'Deviation assigned to you' },
  [NotificationType.KompletteringBegärd]: { sv: 'Komplettering begärd', en: 'More information requested' },
  [NotificationType.SlaVarning]: { sv: 'SLA-varning', en: 'SLA warning' },
  [NotificationType.SlaBrott]: { sv: 'SLA-brott', en: 'SLA breach' },
  [NotificationType.DeklarationInskickad]: { sv: 'Självdeklaration inskickad', en: 'Self-declaration submitted' },
  [NotificationType.GranskningBeslutad]: { sv: 'Granskning beslutad', en: 'Review decided' },
  [NotificationType.FörbehållNärmarSig]: { sv: 'Förbehåll närmar sig', en: 'Reservation deadline approaching' },
  ...DRIFT_TYPE_NAMES,
};

const named = (table: Record<string, Texts>, value: unknown, language: Language): string =>
  table[String(value)]?.[language] ?? String(value ?? '');

/** One event's message, before the e-mail frame is put around it. */
export interface Message {
  /** The subject after the key. */
  subject: string;
  /** Paragraphs; a paragraph may hold line breaks (a comment's text). */
  paragraphs: string[];
}

type Template = (e: NotificationEvent, language: Language) => Message;

const pick = <T>(language: Language, sv: T, en: T): T => (language === 'sv' ? sv : en);

/** What each event says, in Swedish and English. Only public values from the event are used. */
export const TEMPLATES: Record<NotificationType, Template> = {
  [NotificationType.AvvikelseInskickad]: (e, l) =>
    pick(
      l,
      {
        subject: `Avvikelsen är mottagen: ${e.subjectTitle}`,
        paragraphs: [
          `Tack! Er avvikelse har registrerats med nyckeln ${e.subjectKey}.`,
          'Ange nyckeln när ni kontaktar SKR om avvikelsen.',
        ],
      },
      {
        subject: `Deviation received: ${e.subjectTitle}`,
        paragraphs: [`Thank you. Your deviation has been registered as ${e.subjectKey}.`, 'Quote the key when you contact SKR about it.'],
      },
    ),
  [NotificationType.StatusÄndrad]: (e, l) => {
    const status = named(STATUS_NAMES, e.data.status, l);
    return pick(
      l,
      { subject: `Status ändrad: ${status}`, paragraphs: [`Avvikelsen ${e.subjectKey} (${e.subjectTitle}) har nu status ${status}.`] },
      { subject: `Status changed: ${status}`, paragraphs: [`Deviation ${e.subjectKey} (${e.subjectTitle}) now has status ${status}.`] },
    );
  },
  [NotificationType.PrioritetÄndrad]: (e, l) => {
    const priority = named(PRIORITY_NAMES, e.data.prioritet, l);
    return pick(
      l,
      {
        subject: `Prioritet ändrad: ${priority}`,
        paragraphs: [`Avvikelsen ${e.subjectKey} (${e.subjectTitle}) har nu prioritet ${priority}.`],
      },
      {
        subject: `Priority changed: ${priority}`,
        paragraphs: [`Deviation ${e.subjectKey} (${e.subjectTitle}) now has priority ${priority}.`],
      },
    );
  },
  [NotificationType.LösningSatt]: (e, l) =>
    pick(
      l,
      {
        subject: 'Avvikelsen är löst',
        paragraphs: [
          `Avvikelsen ${e.subjectKey} (${e.subjectTitle}) är löst.`,
          ...(e.data.resolution ? [`Lösning:\n${e.data.resolution}`] : []),
          `Kvarstår felet kan ni återöppna avvikelsen inom ${REOPEN_WINDOW_DAYS} dagar.`,
        ],
      },
      {
        subject: 'Deviation solved',
        paragraphs: [
          `Deviation ${e.subjectKey} (${e.subjectTitle}) has been solved.`,
          ...(e.data.resolution ? [`Resolution:\n${e.data.resolution}`] : []),
          `If the fault remains, you can reopen it within ${REOPEN_WINDOW_DAYS} days.`,
        ],
      },
    ),
  [NotificationType.KommentarFrånPart]: (e, l) =>
    pick(
      l,
      {
        subject: 'Ny kommentar på avvikelsen',
        paragraphs: [`Den andra parten har kommenterat avvikelsen ${e.subjectKey} (${e.subjectTitle}):`, String(e.data.comment ?? '')],
      },
      {
        subject: 'New comment on the deviation',
        paragraphs: [`The other party has commented on deviation ${e.subjectKey} (${e.subjectTitle}):`, String(e.data.comment ?? '')],
      },
    ),
  [NotificationType.AnsvarTilldelat]: (e, l) =>
    pick(
      l,
      {
        subject: 'Ni är ansvarig part för en avvikelse',
        paragraphs: [
          `SKR har gjort er till ansvarig part för avvikelsen ${e.subjectKey} (${e.subjectTitle}).`,
          'Rapportörens kontaktuppgifter finns i avvikelsen för frågor.',
        ],
      },
      {
        subject: 'You are the responsible party for a deviation',
        paragraphs: [
          `SKR has made you the responsible party for deviation ${e.subjectKey} (${e.subjectTitle}).`,
          "The reporter's contact details are in the deviation, for questions.",
        ],
      },
    ),
  [NotificationType.KommentarFrånSkr]: (e, l) =>
    pick(
      l,
      {
        subject: 'Ny kommentar från SKR',
        paragraphs: [`SKR har kommenterat avvikelsen ${e.subjectKey} (${e.subjectTitle}):`, String(e.data.comment ?? '')],
      },
      {
        subject: 'New comment from SKR',
        paragraphs: [`SKR commented on deviation ${e.subjectKey} (${e.subjectTitle}):`, String(e.data.comment ?? '')],
      },
    ),
  [NotificationType.KompletteringBegärd]: (e, l) =>
    pick(
      l,
      {
        subject: 'SKR behöver mer information',
        paragraphs: [
          `SKR behöver kompletterande uppgifter om avvikelsen ${e.subjectKey} (${e.subjectTitle}).`,
          ...(e.data.comment ? [String(e.data.comment)] : []),
          'Svara med en kommentar på avvikelsen.',
        ],
      },
      {
        subject: 'SKR needs more information',
        paragraphs: [
          `SKR needs more information about deviation ${e.subjectKey} (${e.subjectTitle}).`,
          ...(e.data.comment ? [String(e.data.comment)] : []),
          'Please answer with a comment on the deviation.',
        ],
      },
    ),
  [NotificationType.SlaVarning]: (e, l) => {
    const clock = named(CLOCK_NAMES, e.data.clock, l);
    return pick(
      l,
      {
        subject: `SLA-varning: ${clock}`,
        paragraphs: [
          `${clock} för avvikelsen ${e.subjectKey} har förbrukat ${e.data.percentUsed ?? '?'} % av målet.`,
          ...(e.data.dueAt ? [`Målet ska nås senast ${formatWhen(e.data.dueAt, l)}.`] : []),
        ],
      },
      {
        subject: `SLA warning: ${clock}`,
        paragraphs: [
          `${clock} of deviation ${e.subjectKey} has used ${e.data.percentUsed ?? '?'} % of its target.`,
          ...(e.data.dueAt ? [`The target is due ${formatWhen(e.data.dueAt, l)}.`] : []),
        ],
      },
    );
  },
  [NotificationType.SlaBrott]: (e, l) => {
    const clock = named(CLOCK_NAMES, e.data.clock, l);
    return pick(
      l,
      {
        subject: `SLA-brott: ${clock}`,
        paragraphs: [
          `${clock} för avvikelsen ${e.subjectKey} har överskridit målet enligt avtalet.`,
          ...(e.data.dueAt ? [`Målet var ${formatWhen(e.data.dueAt, l)}.`] : []),
        ],
      },
      {
        subject: `SLA breach: ${clock}`,
        paragraphs: [
          `${clock} of deviation ${e.subjectKey} has exceeded the agreed target.`,
          ...(e.data.dueAt ? [`The target was ${formatWhen(e.data.dueAt, l)}.`] : []),
        ],
      },
    );
  },
  [NotificationType.DeklarationInskickad]: (e, l) =>
    pick(
      l,
      {
        subject: `Självdeklarationen är inskickad: ${e.subjectTitle}`,
        paragraphs: [`Självdeklarationen ${e.subjectKey} har skickats in till SKR för granskning.`],
      },
      {
        subject: `Self-declaration submitted: ${e.subjectTitle}`,
        paragraphs: [`Self-declaration ${e.subjectKey} has been submitted to SKR for review.`],
      },
    ),
  [NotificationType.GranskningBeslutad]: (e, l) => {
    const outcome = named(OUTCOME_NAMES, e.data.outcome, l);
    return pick(
      l,
      {
        subject: `Granskning beslutad: ${outcome}`,
        paragraphs: [
          `SKR har granskat självdeklarationen ${e.subjectKey} (${e.subjectTitle}). Beslut: ${outcome}.`,
          ...(e.data.dueDate
            ? [`Åtgärda och testa om senast ${formatWhen(e.data.dueDate, l)}; därefter granskas deklarationen igen.`]
            : []),
          ...(e.data.comment ? [`Kommentar från SKR:\n${e.data.comment}`] : []),
        ],
      },
      {
        subject: `Review decided: ${outcome}`,
        paragraphs: [
          `SKR has reviewed self-declaration ${e.subjectKey} (${e.subjectTitle}). Decision: ${outcome}.`,
          ...(e.data.dueDate ? [`Fix and re-test by ${formatWhen(e.data.dueDate, l)}; the declaration is then reviewed again.`] : []),
          ...(e.data.comment ? [`Comment from SKR:\n${e.data.comment}`] : []),
        ],
      },
    );
  },
  [NotificationType.FörbehållNärmarSig]: (e, l) =>
    pick(
      l,
      {
        subject: `Förbehållet löper ut ${formatWhen(e.data.dueDate, l)}`,
        paragraphs: [
          `Självdeklarationen ${e.subjectKey} (${e.subjectTitle}) är godkänd med förbehåll. Åtgärderna ska vara gjorda och omtestade senast ${formatWhen(e.data.dueDate, l)}.`,
        ],
      },
      {
        subject: `Reservation due ${formatWhen(e.data.dueDate, l)}`,
        paragraphs: [
          `Self-declaration ${e.subjectKey} (${e.subjectTitle}) is approved with reservations. The fixes must be made and re-tested by ${formatWhen(e.data.dueDate, l)}.`,
        ],
      },
    ),
  ...DRIFT_TEMPLATES,
};

/** The frame every notification e-mail shares around its message. */
export const EMAIL_FRAME = {
  greeting: (recipientName: string | null): Texts =>
    recipientName ? { sv: `Hej ${recipientName}!`, en: `Hello ${recipientName},` } : { sv: 'Hej!', en: 'Hello,' },
  open: {
    deviation: { sv: 'Öppna avvikelsen', en: 'Open the deviation' },
    declaration: { sv: 'Öppna självdeklarationen', en: 'Open the self-declaration' },
    announcement: DRIFT_FRAME.open,
  } satisfies Record<NotificationSubjectKind, Texts>,
  footer: {
    sv: 'Avvikelsehantering för SSBTEK · Sveriges Kommuner och Regioner. Meddelandet är automatiskt; svara inte på det.',
    en: 'Deviation handling for SSBTEK · Swedish Association of Local Authorities and Regions. This message is automatic; please do not reply.',
  } satisfies Texts,
};

/** The invitation e-mail's texts: who invites the person to what, and how to use the one-time code. */
export const INVITATION_TEXTS = {
  subject: (where: string): Texts => ({ sv: `Inbjudan till Avvikelse för ${where}`, en: `Invitation to Avvikelse for ${where}` }),
  paragraphs: (name: string, where: string, until: string, secret: string): { sv: string[]; en: string[] } => ({
    sv: [
      `Hej ${name}!`,
      `Du har bjudits in att använda avvikelsehanteringen för SSBTEK för ${where}.`,
      `Logga in med din vanliga inloggning och ange koden nedan. Koden kan användas en gång och gäller till ${until}.`,
      secret,
      'Om du inte väntade dig inbjudan kan du bortse från meddelandet.',
    ],
    en: [
      `Hello ${name},`,
      `You have been invited to use deviation handling for SSBTEK for ${where}.`,
      `Log in with your usual login and enter the code below. It can be used once and is valid until ${until}.`,
      secret,
      'If you did not expect this invitation, you can ignore this message.',
    ],
  }),
  accept: { sv: 'Acceptera inbjudan', en: 'Accept the invitation' } satisfies Texts,
};
