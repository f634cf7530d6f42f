import type { Language } from '../common/problem-titles';
import { type NotificationEvent } from './notification-event.entity';
import { escapeHtml } from './notification-format';
import { EMAIL_FRAME, TEMPLATES } from './notification-templates';

/** The subject line without the key: what a list of notifications shows. */
export function summarize(event: NotificationEvent, language: Language): string {
  return TEMPLATES[event.type](event, language).subject;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Subject (`[AVV-2026-00042] Status ändrad: Under utredning`), plain text and HTML of one notification e-mail. Every
 * value that reaches the HTML is escaped: titles and comments are written by people.
 */
export function renderEmail(event: NotificationEvent, language: Language, recipientName: string | null, link: string): RenderedEmail {
  const { subject, paragraphs } = TEMPLATES[event.type](event, language);
  const greeting = EMAIL_FRAME.greeting(recipientName)[language];
  const open = EMAIL_FRAME.open[event.subjectKind === 'deviation' ? 'deviation' : 'declaration'][language];
  const footer = EMAIL_FRAME.footer[language];
  const text = [greeting, ...paragraphs, `${open}: ${link}`, `-- \n${footer}`].join('\n\n');
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif">` +
    [greeting, ...paragraphs].map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`).join('') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p><hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  // A title is one line in the subject whatever was typed into it: no header folding games.
  return { subject: `[${event.subjectKey}] ${subject}`.replace(/\s+/g, ' ').trim(), text, html };
}
