import type { Language } from '../common/problem-titles';
import { maskIdentityNumbers } from '../common/personal-identity-number';
import { type NotificationEvent } from './notification-event.entity';
import { DRIFT_CONFIRM_TEXTS, DRIFT_FRAME } from './drift-notification-templates';
import { escapeHtml, formatWhen } from './notification-format';
import { EMAIL_FRAME, INVITATION_TEXTS, TEMPLATES } from './notification-templates';

/** The subject line without the key: what a list of notifications shows. */
export function summarize(event: NotificationEvent, language: Language): string {
  return maskIdentityNumbers(TEMPLATES[event.type](event, language).subject);
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
export function renderEmail(
  event: NotificationEvent,
  language: Language,
  recipientName: string | null,
  link: string,
  unsubscribeUrl?: string,
): RenderedEmail {
  // The outbound filter Jira text also passes: e-mail leaves our control as surely as Jira Cloud does.
  const rendered = TEMPLATES[event.type](event, language);
  const subject = maskIdentityNumbers(rendered.subject);
  const paragraphs = rendered.paragraphs.map(maskIdentityNumbers);
  const greeting = EMAIL_FRAME.greeting(recipientName)[language];
  const open = EMAIL_FRAME.open[event.subjectKind][language];
  const footer = EMAIL_FRAME.footer[language];
  const unsubscribe = unsubscribeUrl ? { label: DRIFT_FRAME.unsubscribe[language], url: unsubscribeUrl } : null;
  const text = [
    greeting,
    ...paragraphs,
    `${open}: ${link}`,
    ...(unsubscribe ? [`${unsubscribe.label}: ${unsubscribe.url}`] : []),
    `-- \n${footer}`,
  ].join('\n\n');
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif">` +
    [greeting, ...paragraphs].map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`).join('') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>` +
    (unsubscribe ? `<p><a href="${escapeHtml(unsubscribe.url)}">${escapeHtml(unsubscribe.label)}</a></p>` : '') +
    `<hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  // A title is one line in the subject whatever was typed into it: no header folding games.
  return { subject: `[${event.subjectKey}] ${subject}`.replace(/\s+/g, ' ').trim(), text, html };
}

/**
 * The invitation e-mail: who invites the person to what, the one-time code, and where to use it. Until the portal
 * (issue 22) gives it a page, the code is entered at the accept endpoint after logging in.
 */
export function renderInvitationEmail(
  invitation: { name: string; partyName: string | null; expiresAt: Date; secret: string },
  language: Language,
  acceptUrl: string,
): RenderedEmail {
  const where = invitation.partyName ?? 'SKR';
  const until = formatWhen(invitation.expiresAt.toISOString(), language);
  const subject = INVITATION_TEXTS.subject(where)[language].replace(/\s+/g, ' ');
  const paragraphs = INVITATION_TEXTS.paragraphs(invitation.name, where, until, invitation.secret)[language];
  const open = INVITATION_TEXTS.accept[language];
  const footer = EMAIL_FRAME.footer[language];
  const text = [...paragraphs, `${open}: ${acceptUrl}`, `-- \n${footer}`].join('\n\n');
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif">` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `<p><a href="${escapeHtml(acceptUrl)}">${escapeHtml(open)}</a></p><hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  return { subject, text, html };
}

/** The double opt-in e-mail of a driftinformation subscription: what was asked for, and the single-use link. */
export function renderSubscribeConfirmEmail(letter: { language: Language; expiresAt: Date }, confirmUrl: string): RenderedEmail {
  const language = letter.language;
  const subject = DRIFT_CONFIRM_TEXTS.subject[language];
  const paragraphs = DRIFT_CONFIRM_TEXTS.paragraphs(formatWhen(letter.expiresAt.toISOString(), language))[language];
  const open = DRIFT_CONFIRM_TEXTS.confirm[language];
  const footer = EMAIL_FRAME.footer[language];
  const text = [...paragraphs, `${open}: ${confirmUrl}`, `-- \n${footer}`].join('\n\n');
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif">` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `<p><a href="${escapeHtml(confirmUrl)}">${escapeHtml(open)}</a></p><hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  return { subject, text, html };
}
