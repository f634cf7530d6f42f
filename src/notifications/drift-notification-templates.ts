// What an announcement e-mail says, in Swedish and English (driftinformation, issue 23). Data, like
// notification-templates.ts, which spreads these in; only the public values the event carries are used.
import type { Language } from '../common/problem-titles';
import type { NotificationEvent } from './notification-event.entity';
import { formatWhen } from './notification-format';
import { NotificationType } from './notification-type';

type Texts = { sv: string; en: string };
type Message = { subject: string; paragraphs: string[] };

export const DRIFT_TYPE_NAMES = {
  [NotificationType.DriftPublicerad]: { sv: 'Driftinformation publicerad', en: 'Service information published' },
  [NotificationType.DriftUppdaterad]: { sv: 'Driftinformation uppdaterad', en: 'Service information updated' },
  [NotificationType.DriftAvslutad]: { sv: 'Driftinformation avslutad', en: 'Service information closed' },
  [NotificationType.DriftInställd]: { sv: 'Planerad ändring inställd', en: 'Planned change cancelled' },
  [NotificationType.DriftPåminnelse]: {
    sv: 'Påminnelse: allvarlig störning utan uppdatering',
    en: 'Reminder: serious outage without update',
  },
} satisfies Partial<Record<NotificationType, Texts>>;

const KIND: Record<string, Texts> = {
  driftstorning: { sv: 'Driftstörning', en: 'Outage' },
  planerad_andring: { sv: 'Planerad ändring', en: 'Planned change' },
};

const text = (e: NotificationEvent, field: string, l: Language): string =>
  String((l === 'en' ? (e.data[`${field}En`] ?? e.data[field]) : e.data[field]) ?? '');

/** The lines every announcement e-mail shares: what, what it affects, when, and the latest update. */
function body(e: NotificationEvent, l: Language): string[] {
  const affects = String(e.data.affects ?? '');
  const start = formatWhen(e.data.start, l);
  const end = e.data.end ? formatWhen(e.data.end, l) : e.data.expectedEnd ? formatWhen(e.data.expectedEnd, l) : null;
  const message = text(e, 'message', l);
  return l === 'sv'
    ? [
        `${KIND[String(e.data.kind)]?.sv ?? ''}: ${text(e, 'title', l)}`,
        `Påverkar: ${affects}`,
        text(e, 'impact', l),
        end ? `Tid: ${start} – ${end}` : `Start: ${start}`,
        ...(message ? [`Uppdatering:\n${message}`] : []),
      ]
    : [
        `${KIND[String(e.data.kind)]?.en ?? ''}: ${text(e, 'title', l)}`,
        `Affects: ${affects}`,
        text(e, 'impact', l),
        end ? `Time: ${start} – ${end}` : `Start: ${start}`,
        ...(message ? [`Update:\n${message}`] : []),
      ];
}

const headline: Record<string, Texts> = {
  [NotificationType.DriftPublicerad]: { sv: 'Ny', en: 'New' },
  [NotificationType.DriftUppdaterad]: { sv: 'Uppdaterad', en: 'Updated' },
  [NotificationType.DriftAvslutad]: { sv: 'Avslutad', en: 'Closed' },
  [NotificationType.DriftInställd]: { sv: 'Inställd', en: 'Cancelled' },
};

const announcement =
  (type: NotificationType) =>
  (e: NotificationEvent, l: Language): Message => ({
    subject: `${headline[type][l]} ${(KIND[String(e.data.kind)]?.[l] ?? '').toLowerCase()}: ${text(e, 'title', l)}`,
    paragraphs: body(e, l),
  });

export const DRIFT_TEMPLATES = {
  [NotificationType.DriftPublicerad]: announcement(NotificationType.DriftPublicerad),
  [NotificationType.DriftUppdaterad]: announcement(NotificationType.DriftUppdaterad),
  [NotificationType.DriftAvslutad]: announcement(NotificationType.DriftAvslutad),
  [NotificationType.DriftInställd]: announcement(NotificationType.DriftInställd),
  [NotificationType.DriftPåminnelse]: (e: NotificationEvent, l: Language): Message =>
    l === 'sv'
      ? {
          subject: `Påminnelse: ingen uppdatering på ${e.data.minutes} minuter: ${text(e, 'title', l)}`,
          paragraphs: [
            `Den allvarliga driftstörningen "${text(e, 'title', l)}" pågår och ingen uppdatering har gått ut sedan ${formatWhen(e.data.lastUpdate, l)}.`,
            'Enligt informationsrutinen för allvarliga incidenter ska berörda hållas informerade: publicera en uppdatering.',
          ],
        }
      : {
          subject: `Reminder: no update for ${e.data.minutes} minutes: ${text(e, 'title', l)}`,
          paragraphs: [
            `The serious outage "${text(e, 'title', l)}" is ongoing and no update has gone out since ${formatWhen(e.data.lastUpdate, l)}.`,
            'The information routine for serious incidents asks that those affected are kept informed: publish an update.',
          ],
        },
} satisfies Partial<Record<NotificationType, (e: NotificationEvent, l: Language) => Message>>;

/** The e-mail frame's parts that only announcement e-mails have. */
export const DRIFT_FRAME = {
  open: { sv: 'Driftinformation för SSBTEK', en: 'SSBTEK service status' } satisfies Texts,
  unsubscribe: { sv: 'Avsluta prenumerationen', en: 'Unsubscribe' } satisfies Texts,
};

/** The double opt-in e-mail: what was asked for, and the single-use link that confirms it. */
export const DRIFT_CONFIRM_TEXTS = {
  subject: { sv: 'Bekräfta din prenumeration på driftinformation för SSBTEK', en: 'Confirm your SSBTEK service status subscription' },
  paragraphs: (until: string): { sv: string[]; en: string[] } => ({
    sv: [
      'Hej!',
      'Någon (förhoppningsvis du) har bett att den här adressen ska få e-post om driftstörningar och planerade ändringar i SSBTEK.',
      `Bekräfta med länken nedan. Den kan användas en gång och gäller till ${until}.`,
      'Om du inte bad om det kan du bortse från meddelandet; adressen tas då bort.',
    ],
    en: [
      'Hello,',
      'Someone (hopefully you) asked for this address to receive e-mail about outages and planned changes in SSBTEK.',
      `Confirm with the link below. It can be used once and is valid until ${until}.`,
      'If you did not ask for it, you can ignore this message; the address is then removed.',
    ],
  }),
  confirm: { sv: 'Bekräfta prenumerationen', en: 'Confirm the subscription' } satisfies Texts,
};
