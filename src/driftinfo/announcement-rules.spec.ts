import { earliestStart, requiredNotice, unownedParts } from './announcement-rules';

describe('requiredNotice', () => {
  it('should ask four weeks of a planned change outside a release and nothing of a release or an outage', () => {
    expect(requiredNotice({ kind: 'planerad_andring', release: false, contentChange: false, bastjänster: ['csn'] })).toEqual({ weeks: 4 });
    expect(requiredNotice({ kind: 'planerad_andring', release: true, contentChange: false, bastjänster: ['csn'] })).toBeNull();
    expect(requiredNotice({ kind: 'driftstorning', release: false, contentChange: false, bastjänster: ['csn'] })).toBeNull();
  });

  it('should ask two months of a LEFI content change only', () => {
    expect(requiredNotice({ kind: 'planerad_andring', release: false, contentChange: true, bastjänster: ['lefi_online'] })).toEqual({
      months: 2,
    });
    expect(requiredNotice({ kind: 'planerad_andring', release: false, contentChange: true, bastjänster: ['csn'] })).toEqual({ weeks: 4 });
  });
});

describe('earliestStart', () => {
  it('should keep the Stockholm wall time across a DST switch', () => {
    // 2027-03-10 10:00 CET + 4 weeks = 2027-04-07 10:00 CEST (08:00Z).
    expect(earliestStart(new Date('2027-03-10T09:00:00Z'), { weeks: 4 }).toISOString()).toBe('2027-04-07T08:00:00.000Z');
  });

  it('should clamp two months from 31 December to the end of February', () => {
    expect(earliestStart(new Date('2026-12-31T09:00:00Z'), { months: 2 }).toISOString()).toBe('2027-02-28T09:00:00.000Z');
  });
});

describe('unownedParts', () => {
  const uppgiftslämnare = { skr: false, driftleverantör: false, ownBastjänster: ['csn'] };

  it('should let SKR write anything and an Uppgiftslämnare only its own bastjänster', () => {
    expect(
      unownedParts({ skr: true, driftleverantör: false, ownBastjänster: [] }, { centralComponent: true, bastjänster: ['csn'] }),
    ).toEqual([]);
    expect(unownedParts(uppgiftslämnare, { centralComponent: false, bastjänster: ['csn'] })).toEqual([]);
    expect(unownedParts(uppgiftslämnare, { centralComponent: true, bastjänster: ['csn', 'skatteverket'] })).toEqual([
      '/centralKomponent',
      '/bastjänster/1',
    ]);
  });

  it('should let the Driftleverantör write for the central component', () => {
    expect(unownedParts({ skr: false, driftleverantör: true, ownBastjänster: [] }, { centralComponent: true, bastjänster: [] })).toEqual(
      [],
    );
  });
});
