import { CATALOGUE } from '../pages/catalogue';
import { NotificationEvent } from '../notifications/notification-event.entity';
import { messageOf } from '../notifications/notification-templates';
import { announcementNotice } from './announcement-notice';
import { DriftAnnouncement } from './drift-announcement.entity';
import { toPublic } from './public-announcement';

const anAnnouncement = (kind: DriftAnnouncement['kind']): DriftAnnouncement =>
  Object.assign(new DriftAnnouncement(), {
    id: '7c1f0a52-9d3e-4b8a-8f21-6a0d5e4c3b2a',
    kind,
    status: 'planerad',
    severity: null,
    titleSv: 'Byte av certifikat',
    titleEn: 'Certificate renewal',
    impactSv: 'Inga svar från CSN under fönstret.',
    impactEn: 'No answers from CSN during the window.',
    centralComponent: false,
    bastjänster: ['csn'],
    startsAt: new Date('2027-03-06T05:00:00Z'),
    expectedEndAt: new Date('2027-03-06T07:00:00Z'),
    endedAt: null,
    release: false,
    publishedAt: new Date('2027-02-01T09:00:00Z'),
    lastUpdateAt: new Date('2027-02-01T09:00:00Z'),
    version: 1,
    ownerPartyId: '5a0c1e6e-1d7a-4f55-8c38-8f1b2a3c4d5e',
  });

describe('announcement kind names', () => {
  it.each([
    ['planerad_andring', 'sv', 'Planerad ändring'],
    ['planerad_andring', 'en', 'Planned change'],
    ['driftstorning', 'sv', 'Driftstörning'],
    ['driftstorning', 'en', 'Outage'],
  ] as const)('should name %s in %s the same on the status page and in its e-mail: %s', (kind, language, name) => {
    const announcement = anAnnouncement(kind);
    const page = toPublic(announcement, [], new Map(), language, CATALOGUE.translator(language));
    const notice = announcementNotice(announcement, 'drift.published', {}, 'CSN');
    const event = Object.assign(new NotificationEvent(), {
      type: notice.type,
      subjectKey: notice.subject.key,
      subjectTitle: notice.subject.title,
      data: notice.data,
    });
    const mail = messageOf(event, language);
    expect(page.kindName).toBe(name);
    expect(mail.paragraphs[0]).toBe(`${name}: ${language === 'en' ? 'Certificate renewal' : 'Byte av certifikat'}`);
    expect(mail.subject).toContain(name.toLowerCase());
  });
});
