// Which texts each notification says, and with which of the event's values: the words are the catalogue's
// (src/pages/texts/email.*.ts); notification-email.ts puts a message into the e-mail frame.
import { REOPEN_WINDOW_DAYS } from '../agreements/reopen-window';
import { CATALOGUE, type Language, type Translate } from '../pages/catalogue';
import { formatWhen } from '../pages/format-when';
import { EMAIL_EN } from '../pages/texts/email.en';
import { EMAIL_SV } from '../pages/texts/email.sv';
import { type NotificationEvent } from './notification-event.entity';
import { NotificationType } from './notification-type';

type Texts = { sv: string; en: string };

/**
 * What the party reads where a comment from SKR was, once SKR restricted or deleted it in Jira after it was shared.
 * One text in both languages: it replaces a stored comment, which has no reader's language.
 */
export const COMMENT_WITHDRAWN_TEXT = `${EMAIL_SV.commentWithdrawn} (${EMAIL_EN.commentWithdrawn})`;

/** Every event type's name in both languages, for lists and settings pages. */
export const NOTIFICATION_TYPE_NAMES = Object.fromEntries(
  Object.values(NotificationType).map((type) => [type, { sv: EMAIL_SV.types[type], en: EMAIL_EN.types[type] }]),
) as Record<NotificationType, Texts>;

/** One event's message, before the e-mail frame is put around it. */
export interface Message {
  /** The subject after the key. */
  subject: string;
  /** Paragraphs; a paragraph may hold line breaks (a comment's text). */
  paragraphs: string[];
}

/** What a template reads the catalogue with: `t` under `email.`, and names of values, raw when the catalogue has none. */
interface Words {
  t: Translate;
  /** `group`'s name of `value` (a status, a priority…); a value an older event stored and no longer named stays as it is. */
  name(group: string, value: unknown): string;
  when(value: unknown): string;
  language: Language;
}

type Template = (e: NotificationEvent, w: Words) => Message;

/** The values every deviation and declaration text may use. */
const about = (e: NotificationEvent) => ({ key: e.subjectKey, title: e.subjectTitle });

const plain =
  (type: NotificationType, lines: string[]): Template =>
  (e, w) => ({
    subject: w.t(`events.${type}.subject`, about(e)),
    paragraphs: lines.map((line) => w.t(`events.${type}.${line}`, about(e))),
  });

const comment =
  (type: NotificationType): Template =>
  (e, w) => ({
    subject: w.t(`events.${type}.subject`),
    paragraphs: [w.t(`events.${type}.body`, about(e)), String(e.data.comment ?? '')],
  });

const slaClock =
  (type: NotificationType): Template =>
  (e, w) => {
    const clock = w.name('email.clock', e.data.clock);
    return {
      subject: w.t(`events.${type}.subject`, { clock }),
      paragraphs: [
        w.t(`events.${type}.body`, { ...about(e), clock, percent: String(e.data.percentUsed ?? '?') }),
        ...(e.data.dueAt ? [w.t(`events.${type}.due`, { due: w.when(e.data.dueAt) })] : []),
      ],
    };
  };

/** The title, impact and message of an announcement in the reader's language (English falls back to Swedish). */
const announced = (e: NotificationEvent, field: string, l: Language): string =>
  String((l === 'en' ? (e.data[`${field}En`] ?? e.data[field]) : e.data[field]) ?? '');

/** Published, updated, closed and cancelled announcements: what, what it affects, when, and the latest update. */
const announcement =
  (type: NotificationType): Template =>
  (e, w) => {
    const title = announced(e, 'title', w.language);
    const kind = w.name('driftinfo.kind', e.data.kind);
    const message = announced(e, 'message', w.language);
    const start = w.when(e.data.start);
    const end = e.data.end ?? e.data.expectedEnd;
    return {
      subject: w.t('announcement.subject', { headline: w.t(`announcement.headline.${type}`), kind: kind.toLowerCase(), title }),
      paragraphs: [
        w.t('announcement.what', { kind, title }),
        w.t('announcement.affects', { affects: String(e.data.affects ?? '') }),
        announced(e, 'impact', w.language),
        end ? w.t('announcement.period', { start, end: w.when(end) }) : w.t('announcement.start', { start }),
        ...(message ? [w.t('announcement.update', { message })] : []),
      ],
    };
  };

/** What each event says. Only public values from the event are used. */
const TEMPLATES: Record<NotificationType, Template> = {
  [NotificationType.AvvikelseInskickad]: plain(NotificationType.AvvikelseInskickad, ['registered', 'quoteKey']),
  [NotificationType.StatusÄndrad]: (e, w) => {
    const status = w.name('deviation.status', e.data.status);
    return {
      subject: w.t('events.status_ändrad.subject', { status }),
      paragraphs: [w.t('events.status_ändrad.body', { ...about(e), status })],
    };
  },
  [NotificationType.PrioritetÄndrad]: (e, w) => {
    const priority = w.name('deviation.priority', e.data.prioritet);
    return {
      subject: w.t('events.prioritet_ändrad.subject', { priority }),
      paragraphs: [w.t('events.prioritet_ändrad.body', { ...about(e), priority })],
    };
  },
  [NotificationType.LösningSatt]: (e, w) => ({
    subject: w.t('events.lösning_satt.subject'),
    paragraphs: [
      w.t('events.lösning_satt.body', about(e)),
      ...(e.data.resolution ? [w.t('events.lösning_satt.resolution', { resolution: String(e.data.resolution) })] : []),
      w.t('events.lösning_satt.reopen', { days: REOPEN_WINDOW_DAYS }),
    ],
  }),
  [NotificationType.KommentarFrånPart]: comment(NotificationType.KommentarFrånPart),
  [NotificationType.KommentarFrånSkr]: comment(NotificationType.KommentarFrånSkr),
  [NotificationType.AnsvarTilldelat]: plain(NotificationType.AnsvarTilldelat, ['body', 'contacts']),
  [NotificationType.KompletteringBegärd]: (e, w) => ({
    subject: w.t('events.komplettering_begärd.subject'),
    paragraphs: [
      w.t('events.komplettering_begärd.body', about(e)),
      ...(e.data.comment ? [String(e.data.comment)] : []),
      w.t('events.komplettering_begärd.answer'),
    ],
  }),
  [NotificationType.SlaVarning]: slaClock(NotificationType.SlaVarning),
  [NotificationType.SlaBrott]: slaClock(NotificationType.SlaBrott),
  [NotificationType.DeklarationInskickad]: plain(NotificationType.DeklarationInskickad, ['body']),
  [NotificationType.GranskningBeslutad]: (e, w) => {
    const outcome = w.name('declarations.outcome', e.data.outcome);
    return {
      subject: w.t('events.granskning_beslutad.subject', { outcome }),
      paragraphs: [
        w.t('events.granskning_beslutad.body', { ...about(e), outcome }),
        ...(e.data.dueDate ? [w.t('events.granskning_beslutad.due', { due: w.when(e.data.dueDate) })] : []),
        ...(e.data.comment ? [w.t('events.granskning_beslutad.comment', { comment: String(e.data.comment) })] : []),
      ],
    };
  },
  [NotificationType.FörbehållNärmarSig]: (e, w) => {
    const due = w.when(e.data.dueDate);
    return {
      subject: w.t('events.förbehåll_närmar_sig.subject', { due }),
      paragraphs: [w.t('events.förbehåll_närmar_sig.body', { ...about(e), due })],
    };
  },
  [NotificationType.DriftPublicerad]: announcement(NotificationType.DriftPublicerad),
  [NotificationType.DriftUppdaterad]: announcement(NotificationType.DriftUppdaterad),
  [NotificationType.DriftAvslutad]: announcement(NotificationType.DriftAvslutad),
  [NotificationType.DriftInställd]: announcement(NotificationType.DriftInställd),
  [NotificationType.DriftPåminnelse]: (e, w) => {
    const title = announced(e, 'title', w.language);
    return {
      subject: w.t('events.drift_påminnelse.subject', { minutes: String(e.data.minutes ?? ''), title }),
      paragraphs: [
        w.t('events.drift_påminnelse.body', { title, lastUpdate: w.when(e.data.lastUpdate) }),
        w.t('events.drift_påminnelse.routine'),
      ],
    };
  },
};

/** The catalogue's e-mail texts in `language`, for the templates and the e-mail frame. */
export function emailWords(language: Language): Words {
  const all = CATALOGUE.translator(language);
  return {
    t: (key, values) => all(`email.${key}`, values),
    name: (group, value) => {
      try {
        return all(`${group}.${String(value)}`);
      } catch {
        return String(value ?? '');
      }
    },
    when: (value) => formatWhen(value, language, 'long'),
    language,
  };
}

/** An event's message in `language`. */
export function messageOf(event: NotificationEvent, language: Language): Message {
  return TEMPLATES[event.type](event, emailWords(language));
}
