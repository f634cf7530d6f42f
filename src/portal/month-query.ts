import type { PortalPage } from './portal-page.decorator';

/**
 * The `?month=` a month page (KPIs, the availability register) asks for, else the current month in Swedish time, as
 * `yyyy-mm`. Validity is the page's own API rule; this only picks the value.
 */
export function monthOfPage(page: PortalPage, now: Date): string {
  const asked = page.query.month;
  if (typeof asked === 'string' && asked !== '') return asked;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).format(now);
}
