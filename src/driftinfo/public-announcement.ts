// The field whitelist of everything published without login (JSON, Atom, iCalendar): an announcement becomes public
// only through `toPublic`, which copies named fields and nothing else. Cause, action plan, the owner, the exception
// reason, the answering-agency count and linked deviations stay inside.
import type { Language, Translate } from '../pages/catalogue';
import { type DriftAnnouncement } from './drift-announcement.entity';
import { type DriftAnnouncementVersion } from './drift-announcement-version.entity';

export interface PublicUpdate {
  version: number;
  at: string;
  text: string | null;
}

export interface PublicAnnouncement {
  id: string;
  kind: string;
  kindName: string;
  status: string;
  statusName: string;
  severity: string | null;
  severityName: string | null;
  title: string;
  impact: string;
  affects: { code: string; name: string }[];
  start: string;
  expectedEnd: string | null;
  end: string | null;
  release: boolean;
  published: string;
  updated: string;
  version: number;
  updates: PublicUpdate[];
}

/**
 * The public view of one announcement in `language`, its names from the catalogue (`t` of the same language); the
 * English text falls back to the Swedish one.
 */
export function toPublic(
  a: DriftAnnouncement,
  versions: readonly DriftAnnouncementVersion[],
  names: ReadonlyMap<string, { sv: string; en: string }>,
  language: Language,
  t: Translate,
): PublicAnnouncement {
  const english = language === 'en';
  const affects = [
    ...(a.centralComponent ? [{ code: 'central', name: t('driftinfo.central') }] : []),
    ...a.bastjänster.map((code) => ({ code, name: names.get(code)?.[language] ?? code })),
  ];
  return {
    id: a.id,
    kind: a.kind,
    kindName: t(`driftinfo.kind.${a.kind}`),
    status: a.status,
    statusName: t(`driftinfo.status.${a.status}`),
    severity: a.severity,
    severityName: a.severity ? t(`driftinfo.severity.${a.severity}`) : null,
    title: (english && a.titleEn) || a.titleSv,
    impact: (english && a.impactEn) || a.impactSv,
    affects,
    start: a.startsAt.toISOString(),
    expectedEnd: a.expectedEndAt?.toISOString() ?? null,
    end: a.endedAt?.toISOString() ?? null,
    release: a.release,
    published: a.publishedAt.toISOString(),
    updated: a.lastUpdateAt.toISOString(),
    version: a.version,
    updates: versions.map((v) => ({ version: v.version, at: v.createdAt.toISOString(), text: (english && v.messageEn) || v.messageSv })),
  };
}
