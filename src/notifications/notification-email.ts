import { Eta } from 'eta';
import { join } from 'node:path';
import { maskIdentityNumbers } from '../common/personal-identity-number';
import type { Language } from '../pages/catalogue';
import { type NotificationEvent } from './notification-event.entity';
import { emailWords, messageOf } from './notification-templates';

/** The subject line without the key: what a list of notifications shows. */
export function summarize(event: NotificationEvent, language: Language): string {
  return maskIdentityNumbers(messageOf(event, language).subject);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What one e-mail says, before the frame every e-mail shares (greeting aside) is put around it. */
interface Letter {
  language: Language;
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
  unsubscribe?: { label: string; url: string };
}

// Every value reaches the HTML through Eta's escaping (`<%=`): titles and comments are written by people.
const eta = new Eta({ views: join(__dirname, '..'), autoEscape: true, cache: true, useWith: false });

/** The plain text and the HTML of a letter, in the one frame: paragraphs, the link, the footer. */
function framed(letter: Letter): RenderedEmail {
  const footer = emailWords(letter.language).t('frame.footer');
  const text = [
    ...letter.paragraphs,
    `${letter.action.label}: ${letter.action.url}`,
    ...(letter.unsubscribe ? [`${letter.unsubscribe.label}: ${letter.unsubscribe.url}`] : []),
    `-- \n${footer}`,
  ].join('\n\n');
  const html = eta.render('/notifications/views/email', {
    ...letter,
    paragraphs: letter.paragraphs.map((paragraph) => paragraph.split(/\r?\n/)),
    footer,
  });
  // A title is one line in the subject whatever was typed into it: no header folding games.
  return { subject: letter.subject.replace(/\s+/g, ' ').trim(), text, html };
}

/**
 * Subject (`[AVV-2026-00042] Status ändrad: Under utredning`), plain text and HTML of one notification e-mail.
 * Personal identity numbers are masked: e-mail leaves our control as surely as Jira Cloud does.
 */
export function renderEmail(
  event: NotificationEvent,
  language: Language,
  recipientName: string | null,
  link: string,
  unsubscribeUrl?: string,
): RenderedEmail {
  const w = emailWords(language);
  const message = messageOf(event, language);
  return framed({
    language,
    subject: `[${event.subjectKey}] ${maskIdentityNumbers(message.subject)}`,
    paragraphs: [
      recipientName ? w.t('frame.greetingNamed', { name: recipientName }) : w.t('frame.greeting'),
      ...message.paragraphs.map(maskIdentityNumbers),
    ],
    action: { label: w.t(`frame.open.${event.subjectKind}`), url: link },
    unsubscribe: unsubscribeUrl ? { label: w.t('frame.unsubscribe'), url: unsubscribeUrl } : undefined,
  });
}

/** The invitation e-mail: who invites the person to what, the one-time code, and where to use it. */
export function renderInvitationEmail(
  invitation: { name: string; partyName: string | null; expiresAt: Date; secret: string },
  language: Language,
  acceptUrl: string,
): RenderedEmail {
  const w = emailWords(language);
  const where = invitation.partyName ?? 'SKR';
  return framed({
    language,
    subject: w.t('invitation.subject', { where }),
    paragraphs: [
      w.t('invitation.greeting', { name: invitation.name }),
      w.t('invitation.invited', { where }),
      w.t('invitation.code', { until: w.when(invitation.expiresAt.toISOString()) }),
      invitation.secret,
      w.t('invitation.notExpected'),
    ],
    action: { label: w.t('invitation.accept'), url: acceptUrl },
  });
}

/** The double opt-in e-mail of a driftinformation subscription: what was asked for, and the single-use link. */
export function renderSubscribeConfirmEmail(letter: { language: Language; expiresAt: Date }, confirmUrl: string): RenderedEmail {
  const w = emailWords(letter.language);
  return framed({
    language: letter.language,
    subject: w.t('subscribeConfirm.subject'),
    paragraphs: [
      w.t('frame.greeting'),
      w.t('subscribeConfirm.asked'),
      w.t('subscribeConfirm.link', { until: w.when(letter.expiresAt.toISOString()) }),
      w.t('subscribeConfirm.notAsked'),
    ],
    action: { label: w.t('subscribeConfirm.confirm'), url: confirmUrl },
  });
}
