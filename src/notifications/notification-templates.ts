import type { Language } from '../common/problem-titles';
import { NotificationEvent, NotificationType } from './notification-event.entity';

const STATUS_NAMES: Record<string, { sv: string; en: string }> = {
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
const PRIORITY_NAMES: Record<string, { sv: string; en: string }> = {
  kritisk: { sv: 'Kritisk', en: 'Critical' },
  hög: { sv: 'Hög', en: 'High' },
  medel: { sv: 'Medel', en: 'Medium' },
  låg: { sv: 'Låg', en: 'Low' },
};

const CLOCK_NAMES: Record<string, { sv: string; en: string }> = {
  response: { sv: 'Responstid', en: 'Response time' },
  resolution: { sv: 'Åtgärdstid', en: 'Resolution time' },
};

const named = (table: Record<string, { sv: string; en: string }>, value: unknown, language: Language) =>
  table[String(value)]?.[language] ?? String(value ?? '');

interface Rendered {
  subject: string;
  lines: string[];
}

/** What each event says, in Swedish and English. Only public values from the event are used. */
const TEMPLATES: Record<NotificationType, (e: NotificationEvent, lang: Language) => Rendered> = {
  [NotificationType.AvvikelseInskickad]: (e, lang) =>
    lang === 'sv'
      ? { subject: `Avvikelsen är mottagen: ${e.subjectTitle}`, lines: [`Tack! Er avvikelse har registrerats med nyckeln ${e.subjectKey}.`, 'Ange nyckeln när ni kontaktar SKR om avvikelsen.'] }
      : { subject: `Deviation received: ${e.subjectTitle}`, lines: [`Thank you. Your deviation has been registered as ${e.subjectKey}.`, 'Quote the key when you contact SKR about it.'] },
  [NotificationType.StatusAndrad]: (e, lang) =>
    lang === 'sv'
      ? { subject: `Status ändrad: ${named(STATUS_NAMES, e.data.status, lang)}`, lines: [`Avvikelsen ${e.subjectKey} har nu status ${named(STATUS_NAMES, e.data.status, lang)}.`] }
      : { subject: `Status changed: ${named(STATUS_NAMES, e.data.status, lang)}`, lines: [`Deviation ${e.subjectKey} now has status ${named(STATUS_NAMES, e.data.status, lang)}.`] },
  [NotificationType.KompletteringBegard]: (e, lang) =>
    lang === 'sv'
      ? { subject: 'SKR behöver mer information', lines: [`SKR behöver kompletterande uppgifter om avvikelsen ${e.subjectKey}.`, 'Svara med en kommentar på avvikelsen.'] }
      : { subject: 'SKR needs more information', lines: [`SKR needs more information about deviation ${e.subjectKey}.`, 'Please answer with a comment on the deviation.'] },
  [NotificationType.LosningSatt]: (e, lang) =>
    lang === 'sv'
      ? { subject: 'Avvikelsen är löst', lines: [`Avvikelsen ${e.subjectKey} är löst.`, ...(e.data.resolution ? [`Lösning: ${e.data.resolution}`] : []), 'Kvarstår felet kan ni återöppna avvikelsen inom 30 dagar.'] }
      : { subject: 'Deviation solved', lines: [`Deviation ${e.subjectKey} has been solved.`, ...(e.data.resolution ? [`Resolution: ${e.data.resolution}`] : []), 'If the fault remains, you can reopen it within 30 days.'] },
  [NotificationType.PrioritetAndrad]: (e, lang) =>
    lang === 'sv'
      ? { subject: `Prioritet ändrad: ${named(PRIORITY_NAMES, e.data.prioritet, lang)}`, lines: [`Avvikelsen ${e.subjectKey} har nu prioritet ${named(PRIORITY_NAMES, e.data.prioritet, lang)}.`] }
      : { subject: `Priority changed: ${named(PRIORITY_NAMES, e.data.prioritet, lang)}`, lines: [`Deviation ${e.subjectKey} now has priority ${named(PRIORITY_NAMES, e.data.prioritet, lang)}.`] },
  [NotificationType.KommentarFranSkr]: (e, lang) =>
    lang === 'sv'
      ? { subject: 'Ny kommentar från SKR', lines: [`SKR har kommenterat avvikelsen ${e.subjectKey}:`, '', String(e.data.comment ?? '')] }
      : { subject: 'New comment from SKR', lines: [`SKR commented on deviation ${e.subjectKey}:`, '', String(e.data.comment ?? '')] },
  [NotificationType.SlaVarning]: (e, lang) =>
    lang === 'sv'
      ? { subject: `SLA-varning: ${named(CLOCK_NAMES, e.data.clock, lang)}`, lines: [`${named(CLOCK_NAMES, e.data.clock, lang)} för avvikelsen ${e.subjectKey} har förbrukat ${e.data.percentUsed} % av målet.`, ...(e.data.dueAt ? [`Målet nås ${e.data.dueAt}.`] : [])] }
      : { subject: `SLA warning: ${named(CLOCK_NAMES, e.data.clock, lang)}`, lines: [`${named(CLOCK_NAMES, e.data.clock, lang)} of deviation ${e.subjectKey} has used ${e.data.percentUsed} % of its target.`, ...(e.data.dueAt ? [`The target is due ${e.data.dueAt}.`] : [])] },
  [NotificationType.SlaBrott]: (e, lang) =>
    lang === 'sv'
      ? { subject: `SLA-brott: ${named(CLOCK_NAMES, e.data.clock, lang)}`, lines: [`${named(CLOCK_NAMES, e.data.clock, lang)} för avvikelsen ${e.subjectKey} har överskridit målet enligt avtalet.`] }
      : { subject: `SLA breach: ${named(CLOCK_NAMES, e.data.clock, lang)}`, lines: [`${named(CLOCK_NAMES, e.data.clock, lang)} of deviation ${e.subjectKey} has exceeded the agreed target.`] },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Subject (with the key in brackets), plain text and HTML of one notification e-mail. */
export function renderEmail(event: NotificationEvent, language: Language, link: string): { subject: string; text: string; html: string } {
  const { subject, lines } = TEMPLATES[event.type](event, language);
  const open = language === 'sv' ? 'Öppna avvikelsen' : 'Open the deviation';
  const footer = language === 'sv' ? 'Avvikelsehantering för SSBTEK · Sveriges Kommuner och Regioner' : 'Deviation handling for SSBTEK · Swedish Association of Local Authorities and Regions';
  const text = [...lines, '', `${open}: ${link}`, '', '--', footer].join('\n');
  const html =
    `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">` +
    lines.map((line) => (line ? `<p>${escapeHtml(line)}</p>` : '')).join('') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p><hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  return { subject: `[${event.subjectKey}] ${subject}`, text, html };
}
