import { CancelAnnouncementDto, ResolveAnnouncementDto } from '../driftinfo/dto/announcement.dto';
import { endGiven, localValueOf, readCancelForm, readPublishForm, readResolveForm, readUpdateForm, validated } from './announcement-form';

describe('announcement forms', () => {
  const now = new Date('2026-12-24T07:15:42.500Z');

  it('should read the minute it is now as now, and any other minute as given', () => {
    expect(endGiven(new Date('2026-12-24T07:15:00Z'), now)).toEqual(now);
    expect(endGiven(new Date('2026-12-24T07:14:00Z'), now)).toEqual(new Date('2026-12-24T07:14:00Z'));
    expect(endGiven(new Date('2026-12-24T07:16:00Z'), now)).toEqual(new Date('2026-12-24T07:16:00Z'));
  });

  it('should read datetime-local fields as Swedish time and write them back the same', () => {
    // Julafton 2026 is CET (UTC+1); midsommarafton CEST (UTC+2).
    expect(readResolveForm({ slut: '2026-12-24T08:15' }).body.slut).toBe('2026-12-24T07:15:00.000Z');
    expect(readPublishForm({ start: '2026-06-19T08:00' }).body.start).toBe('2026-06-19T06:00:00.000Z');
    expect(localValueOf(now)).toBe('2026-12-24T08:15');
    expect(readResolveForm({ slut: '24/12 08.15' }).errors).toEqual({ slut: 'driftAdmin.errors.time' });
  });

  it('should put each refusal beside its field: what is missing, what is not the DTO, a window without an end', async () => {
    expect(readPublishForm({ typ: 'planerad_andring', rubrik: 'x', paverkan: 'y' }).errors).toEqual({
      forvantatSlut: 'driftAdmin.errors.windowEnd',
      bastjanster: 'driftAdmin.errors.parts',
    });
    const { errors } = await validated(
      ResolveAnnouncementDto,
      readResolveForm({ slut: '2026-12-24T08:15', atgardsplan: 'å'.repeat(4001) }),
    );
    expect(errors).toEqual({ atgardsplan: 'driftAdmin.errors.tooLong' });
  });
  it('should read an emptied English field as a removal and the parts only when the form says it sent them', () => {
    // Left out: kept. Sent empty: removed (the service stores null). Swedish texts left empty are kept.
    expect(readUpdateForm({ rubrik: '', rubrikEn: ' ', paverkanEn: 'No answers' }).body).toEqual({
      rubrikEn: '',
      påverkanEn: 'No answers',
    });
    expect(readUpdateForm({ 'bastjanster[]': 'csn' }).body).toEqual({});
    expect(readUpdateForm({ delar: 'ja', 'bastjanster[]': ['csn', 'skatteverket'] }).body).toEqual({
      bastjänster: ['csn', 'skatteverket'],
      centralKomponent: false,
    });
    expect(readUpdateForm({ delar: 'ja', centralKomponent: 'ja' }).body).toEqual({ bastjänster: [], centralKomponent: true });
    expect(readUpdateForm({ delar: 'ja' }).errors).toEqual({ bastjanster: 'driftAdmin.errors.parts' });
  });

  it("should read the cancel form's message beside its own fields", async () => {
    expect(readCancelForm({ installMeddelande: ' Flyttas ', installMeddelandeEn: '' }).body).toEqual({ meddelande: 'Flyttas' });
    const { errors } = await validated(CancelAnnouncementDto, readCancelForm({ installMeddelandeEn: 'x'.repeat(2001) }));
    expect(errors).toEqual({ installMeddelandeEn: 'driftAdmin.errors.tooLong' });
  });
});
