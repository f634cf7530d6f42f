import { NotificationEvent } from './notification-event.entity';
import { NotificationType } from './notification-type';
import { renderEmail, summarize } from './notification-email';
import { formatWhen } from '../pages/format-when';

const anEvent = (overrides: Partial<NotificationEvent> = {}): NotificationEvent =>
  Object.assign(new NotificationEvent(), {
    id: '0b7e2c8e-7d1b-4a57-9a59-2a3c1f0f2b11',
    type: NotificationType.StatusÄndrad,
    partyId: '5a0c1e6e-1d7a-4f55-8c38-8f1b2a3c4d5e',
    subjectKind: 'deviation',
    subjectId: 'f3a1c2d4-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
    subjectKey: 'AVV-2026-00042',
    subjectTitle: 'Svarstider mot CSN',
    data: { status: 'under_utredning' },
    contacts: [],
    recipientsResolvedAt: null,
    createdAt: new Date('2026-11-23T10:00:00Z'),
    ...overrides,
  });

describe('notification templates', () => {
  it('should mask personal identity numbers in the subject, the text and the HTML of an e-mail', () => {
    const event = anEvent({
      type: NotificationType.KommentarFrånPart,
      subjectTitle: 'Fel för 640823-3234',
      data: { comment: 'Gäller 196408233234.' },
    });
    const mail = renderEmail(event, 'sv', null, 'https://x/y');
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/3234/);
    for (const part of [mail.text, mail.html]) expect(part).toContain('Fel för XXXXXX-XXXX');
    expect(mail.text).toContain('Gäller XXXXXX-XXXX.');
  });

  it.each(Object.values(NotificationType))('should render %s in Swedish and English with the key first', (type) => {
    for (const language of ['sv', 'en'] as const) {
      const mail = renderEmail(
        anEvent({
          type,
          data: {
            status: 'löst',
            prioritet: 'hög',
            clock: 'response',
            dueAt: '2026-11-24T08:00:00.000Z',
            dueDate: '2026-12-31',
            outcome: 'godkänd',
          },
        }),
        language,
        null,
        'https://x/y',
      );
      expect(mail.subject).toMatch(/^\[AVV-2026-00042\] \S/);
      expect(mail.text).toContain('https://x/y');
      expect(mail.html).toContain('<a href="https://x/y">');
      expect(summarize(anEvent({ type }), language)).not.toBe('');
    }
  });

  it('should name the status in the subject, as the issue asks', () => {
    expect(renderEmail(anEvent(), 'sv', 'Kim', 'l').subject).toBe('[AVV-2026-00042] Status ändrad: Under utredning');
    expect(renderEmail(anEvent(), 'en', 'Kim', 'l').subject).toBe('[AVV-2026-00042] Status changed: Under investigation');
  });

  it('should escape everything people wrote in the HTML, keep it in the text, and keep the subject on one line', () => {
    const hostile = anEvent({
      type: NotificationType.KommentarFrånSkr,
      subjectTitle: 'Rubrik\r\nBcc: alla@example.se',
      data: { comment: '<img src=x onerror=alert(1)>\n"två" & \'tre\'' },
    });
    const mail = renderEmail(hostile, 'sv', '<b>Kim</b>', 'https://x/"><script>');
    expect(mail.subject).toBe('[AVV-2026-00042] Ny kommentar från SKR');
    expect(mail.html).not.toMatch(/<img|<script|<b>/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>&quot;två&quot; &amp; &#39;tre&#39;');
    expect(mail.html).toContain('href="https://x/&quot;&gt;&lt;script&gt;"');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>\n"två"');
    expect(renderEmail(anEvent({ subjectTitle: 'a\r\nBcc: x' }), 'sv', null, 'l').subject).not.toMatch(/[\r\n]/);
    expect(renderEmail(anEvent({ type: NotificationType.AvvikelseInskickad, subjectTitle: 'a\r\nBcc: x' }), 'sv', null, 'l').subject).toBe(
      '[AVV-2026-00042] Avvikelsen är mottagen: a Bcc: x',
    );
  });

  it('should give dates in Stockholm time and say what a declaration decision means', () => {
    expect(formatWhen('2026-07-01T06:30:00.000Z', 'sv', 'long')).toBe('1 juli 2026 kl. 08:30');
    expect(formatWhen('2026-12-31', 'en', 'long')).toBe('31 December 2026');
    expect(formatWhen('inte ett datum', 'sv', 'long')).toBe('inte ett datum');
    const decided = anEvent({
      type: NotificationType.GranskningBeslutad,
      subjectKind: 'declaration',
      data: { outcome: 'godkänd_med_förbehåll', dueDate: '2026-12-31' },
    });
    const mail = renderEmail(decided, 'sv', null, 'l');
    expect(mail.subject).toBe('[AVV-2026-00042] Granskning beslutad: Godkänd med förbehåll');
    expect(mail.text).toContain('Åtgärda och testa om senast 31 december 2026');
    expect(mail.text).toContain('Öppna självdeklarationen: l');
  });

  it('should promise the reopen window the lifecycle enforces (30 days) in the solved e-mail', () => {
    const solved = anEvent({ type: NotificationType.LösningSatt, data: {} });
    expect(renderEmail(solved, 'sv', null, 'l').text).toContain('återöppna avvikelsen inom 30 dagar');
    expect(renderEmail(solved, 'en', null, 'l').text).toContain('reopen it within 30 days');
  });

  it('should fill every placeholder of every e-mail in both languages from the event', () => {
    const data = {
      status: 'löst',
      prioritet: 'hög',
      clock: 'response',
      percentUsed: 80,
      dueAt: '2026-11-24T08:00:00.000Z',
      dueDate: '2026-12-31',
      outcome: 'godkänd',
      resolution: 'Ny version',
      comment: 'Se bilaga',
      kind: 'driftstorning',
      title: 'Störning',
      affects: 'CSN',
      impact: 'Långsamt',
      start: '2026-11-24T08:00:00.000Z',
      end: '2026-11-24T09:00:00.000Z',
      message: 'Åtgärdat',
      minutes: 60,
      lastUpdate: '2026-11-24T08:00:00.000Z',
    };
    for (const type of Object.values(NotificationType)) {
      for (const language of ['sv', 'en'] as const) {
        const mail = renderEmail(anEvent({ type, data }), language, 'Kim', 'https://x/y', 'https://x/u');
        expect({ type, language, unfilled: `${mail.subject}\n${mail.text}`.match(/\{\{|\}\}|undefined|\$t\(/g) }).toEqual({
          type,
          language,
          unfilled: null,
        });
      }
    }
  });

  it('should print what people wrote as it is, never as a catalogue placeholder or nested text', () => {
    const sly = anEvent({
      type: NotificationType.KommentarFrånPart,
      subjectTitle: '{{key}} $t(email.frame.footer)',
      data: { comment: '{{title}}' },
    });
    const mail = renderEmail(sly, 'sv', '{{name}}', 'l');
    expect(mail.text).toContain('Hej {{name}}!');
    expect(mail.text).toContain('avvikelsen AVV-2026-00042 ({{key}} $t(email.frame.footer)):');
    expect(mail.text).toContain('\n\n{{title}}\n\n');
  });
});
