// The Atom (RFC 4287) and iCalendar (RFC 5545) renderings of the public status board. Atom is written element by
// element through `xml`, which escapes every text and attribute; the `feed` package is ESM-only and adds nothing a
// dozen elements need. iCalendar comes from ical-generator with a fixed VTIMEZONE for Europe/Stockholm.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { toLocalDateTime } from '../agreements/time-zone';
import type { Translate } from '../pages/catalogue';
import { type PublicAnnouncement } from './public-announcement';
import { type StatusBoard } from './status-board.service';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** One element: attributes and text are escaped; children are elements built by this function. */
function xml(name: string, attributes: Record<string, string>, ...children: (string | { raw: string })[]): { raw: string } {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  const body = children.map((child) => (typeof child === 'string' ? escapeXml(child) : child.raw)).join('');
  return { raw: `<${name}${attrs}>${body}</${name}>` };
}

function entryText(a: PublicAnnouncement, t: Translate): string {
  const lines = [
    `${a.kindName} · ${a.statusName}${a.severityName ? ` · ${a.severityName}` : ''}`,
    a.affects.map((s) => s.name).join(', '),
    a.impact,
    `${t('driftinfo.fields.start')}: ${a.start}${a.expectedEnd ? ` – ${a.expectedEnd}` : ''}${a.end ? ` (${t('driftinfo.fields.end')}: ${a.end})` : ''}`,
    ...a.updates.filter((u) => u.text).map((u) => `${u.at}: ${u.text}`),
  ];
  return lines.join('\n');
}

/** Where the feed is (`self`), and the board as JSON and as the status page, whose sections the entries link to. */
export interface FeedLinks {
  self: string;
  json: string;
  page: string;
}

/** The board as an Atom feed: one entry per ongoing, upcoming and recent announcement. */
export function atomFeed(board: StatusBoard, updated: Date, links: FeedLinks, t: Translate): string {
  const language = board.language;
  const entries = [...board.ongoing, ...board.upcoming, ...board.recent].map((a) =>
    xml(
      'entry',
      {},
      xml('id', {}, `urn:uuid:${a.id}`),
      xml('title', { type: 'text' }, `${a.kindName}: ${a.title}`),
      xml('updated', {}, a.updated),
      xml('published', {}, a.published),
      xml('link', { rel: 'alternate', type: 'text/html', href: `${links.page}#announcement-${a.id}` }),
      xml('summary', { type: 'text' }, a.impact),
      xml('content', { type: 'text' }, entryText(a, t)),
      ...a.affects.map((s) => xml('category', { term: s.code, label: s.name })),
    ),
  );
  const feed = xml(
    'feed',
    { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': language },
    xml('id', {}, links.self),
    xml('title', { type: 'text' }, t('driftinfo.feedTitle')),
    xml('subtitle', { type: 'text' }, t('driftinfo.feedSubtitle')),
    xml('updated', {}, updated.toISOString()),
    xml('author', {}, xml('name', {}, t('driftinfo.publisher'))),
    xml('link', { rel: 'self', type: 'application/atom+xml', href: links.self }),
    xml('link', { rel: 'alternate', type: 'text/html', href: links.page }),
    xml('link', { rel: 'alternate', type: 'application/json', href: links.json }),
    ...entries,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${feed.raw}\n`;
}

/**
 * Europe/Stockholm as a VTIMEZONE: CET/CEST with the EU rules in force since 1996 (last Sunday of March 02:00 to
 * summer time, last Sunday of October 03:00 back). Fixed text, so the feed needs no time-zone database package.
 */
const STOCKHOLM_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Stockholm',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const TZ = 'Europe/Stockholm';

/**
 * An instant ical-generator writes as Stockholm wall time beside TZID. With a plain Date it would write the server's
 * local wall time; it recognises a zoned date by `internal`, `tzComponents` and `withTimeZone` (the @date-fns/tz
 * shape) and reads the wall clock through the getters of what `withTimeZone` returns, which time-zone.ts computes.
 */
class StockholmTime extends Date {
  readonly internal: Date;

  constructor(iso: string) {
    super(iso);
    this.internal = new Date(iso);
  }

  tzComponents() {
    return toLocalDateTime(this.internal, TZ);
  }

  withTimeZone(timeZone: string) {
    const local = toLocalDateTime(this.internal, timeZone);
    return Object.assign(new Date(this.internal), {
      getFullYear: () => local.year,
      getMonth: () => local.month - 1,
      getDate: () => local.day,
      getHours: () => local.hour,
      getMinutes: () => local.minute,
      getSeconds: () => local.second,
    });
  }
}

/** The service windows of the board (upcoming, ongoing, recent) as a calendar municipalities can subscribe to. */
export function windowsCalendar(board: StatusBoard, host: string, url: string, t: Translate): string {
  const language = board.language;
  const calendar = ical({
    name: t('driftinfo.calendarName'),
    prodId: { company: 'SKR', product: 'Avvikelse driftinformation', language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // Only the VTIMEZONE; a calendar-wide zone would write DTSTAMP and LAST-MODIFIED without their required UTC "Z".
    timezone: { name: null, generator: () => STOCKHOLM_VTIMEZONE },
    url,
    ttl: 15 * 60,
  });
  const windows = [...board.ongoing, ...board.upcoming, ...board.recent].filter((a) => a.kind === 'planerad_andring');
  for (const w of windows) {
    calendar.createEvent({
      id: `${w.id}@${host}`,
      // A cancelled window keeps its UID with a raised SEQUENCE, so a subscribed calendar removes it (RFC 5545 §3.8.1.11).
      sequence: w.version,
      status: w.status === 'installd' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(w.updated),
      start: new StockholmTime(w.start),
      end: new StockholmTime(w.end ?? w.expectedEnd ?? w.start),
      timezone: TZ,
      summary: `${w.kindName}: ${w.title}`,
      description: entryText(w, t),
      location: w.affects.map((s) => s.name).join(', '),
      lastModified: new Date(w.updated),
    });
  }
  return calendar.toString();
}
