import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { type AvailabilityFigures } from './availability';
import { AvailabilityRegisterService } from './availability-register.service';
import { AvailabilityFiguresDto, AvailabilityQueryDto, AvailabilityRowDto } from './dto/availability.dto';

@ApiTags('driftinformation')
@ApiBearerAuth()
@Controller('api/v1/driftinfo/availability')
export class AvailabilityController {
  constructor(private readonly register: AvailabilityRegisterService) {}

  @Get()
  @ApiOperation({
    summary: 'Tillgänglighetsregister per bastjänst och månad',
    description:
      'Inom avtalets öppettid, per del av den med egen nivå (LEFI: kontorstid, kvällar, helger); aviserade servicefönster räknas inte, oaviserad förlängning gör det. SKR ser alla, en part sina bastjänster.',
  })
  @ApiOkResponse({ type: AvailabilityRowDto, isArray: true })
  async month(@Actor() actor: ActorType, @Query() query: AvailabilityQueryDto): Promise<AvailabilityRowDto[]> {
    return (await this.register.month(actor, query.månad)).map((row) => ({
      bastjänst: row.bastjänst,
      avtal: row.agreementCode,
      månad: figures(row.month),
      hittillsIÅr: figures(row.yearToDate),
      perioder: row.bands.map((band) => ({
        period: band.name,
        lägstaProcent: band.minPercent,
        månad: figures(band.month),
        uppfyllt: band.met,
      })),
      uppfyllt: row.met,
    }));
  }
}

function figures(f: AvailabilityFigures): AvailabilityFiguresDto {
  return {
    öppetMinuter: f.openMinutes,
    otillgängligaMinuter: f.unavailableMinutes,
    störningsMinuter: f.disturbedMinutes,
    tillgänglighetProcent: f.availabilityPercent,
    avbrott: f.interruptions,
  };
}
