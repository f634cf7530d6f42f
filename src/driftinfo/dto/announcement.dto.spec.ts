import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateAnnouncementDto, UpdateAnnouncementDto } from './announcement.dto';

describe(UpdateAnnouncementDto.name, () => {
  const check = async (plain: object) => {
    const dto = plainToInstance(UpdateAnnouncementDto, plain);
    return { dto, errors: (await validate(dto, { whitelist: true, forbidNonWhitelisted: true })).map((e) => e.property) };
  };

  it('should take an update that changes nothing, or only the message', async () => {
    expect((await check({})).errors).toEqual([]);
    expect((await check({ meddelande: 'Vi felsöker.' })).errors).toEqual([]);
  });

  it("should check the title and impact as publishing does, a title's line breaks folded", async () => {
    const { dto, errors } = await check({ rubrik: '  CSN\nsvarar inte ', påverkan: 'Svaren saknar CSN.' });
    expect(errors).toEqual([]);
    expect(dto.rubrik).toBe('CSN svarar inte');
    expect((await check({ rubrik: '', påverkan: 'x'.repeat(2001) })).errors).toEqual(['rubrik', 'påverkan']);
    expect((await check({ rubrik: 'x'.repeat(201) })).errors).toEqual(['rubrik']);
  });

  it('should refuse null for the title and impact, which would blank a required column', async () => {
    expect((await check({ rubrik: null, påverkan: null })).errors).toEqual(['rubrik', 'påverkan']);
  });

  it('should refuse what only publishing takes', async () => {
    expect((await check({ typ: 'driftstorning', start: '2027-01-01T00:00:00Z' })).errors).toEqual(['typ', 'start']);
  });

  it('should leave publishing requiring the title and impact', async () => {
    const dto = plainToInstance(CreateAnnouncementDto, { typ: 'driftstorning', start: '2027-01-01T00:00:00Z', bastjänster: ['csn'] });
    expect((await validate(dto)).map((e) => e.property)).toEqual(['rubrik', 'påverkan']);
  });
});
