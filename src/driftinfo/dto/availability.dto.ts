import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class AvailabilityQueryDto {
  @ApiProperty({ description: 'Månad `yyyy-mm`.', example: '2027-02' })
  @Matches(/^20\d\d-(0[1-9]|1[0-2])$/, { message: 'månad must be yyyy-mm' })
  månad: string;
}

export class AvailabilityFiguresDto {
  @ApiProperty({ description: 'Öppettid i minuter.' }) öppetMinuter: number;
  @ApiProperty({ description: 'Otillgänglig öppettid i minuter (UC §4.9).' }) otillgängligaMinuter: number;
  @ApiProperty({ description: 'Öppettid "tillgänglig med störning" i minuter (svar från 3 eller fler myndigheter).' })
  störningsMinuter: number;
  @ApiProperty({ description: 'Tillgänglighet i procent av öppettiden, två decimaler.' }) tillgänglighetProcent: number;
  @ApiProperty({ description: 'Pålitlighet: antal oplanerade avbrott.' }) avbrott: number;
}

export class AvailabilityBandDto {
  @ApiProperty({
    enum: ['öppettid', 'kontorstid', 'kvällar', 'helger'],
    description: 'Del av öppettiden med egen nivå: UC mäter hela öppettiden, LEFI (§2.4) kontorstid, kvällar och helger var för sig.',
  })
  period: string;
  @ApiProperty({ description: 'Avtalad lägsta tillgänglighet i procent för perioden.' }) lägstaProcent: number;
  @ApiProperty({ type: AvailabilityFiguresDto }) månad: AvailabilityFiguresDto;
  @ApiProperty({ description: 'Om månadens tillgänglighet i perioden når avtalad nivå.' }) uppfyllt: boolean;
}

export class AvailabilityRowDto {
  @ApiProperty({ type: String, nullable: true, description: 'Bastjänst; null för SSBTEK som helhet (bara SKR).' }) bastjänst: string | null;
  @ApiProperty() avtal: string;
  @ApiProperty({ type: AvailabilityFiguresDto }) månad: AvailabilityFiguresDto;
  @ApiProperty({ type: AvailabilityFiguresDto }) hittillsIÅr: AvailabilityFiguresDto;
  @ApiProperty({ type: AvailabilityBandDto, isArray: true }) perioder: AvailabilityBandDto[];
  @ApiProperty({ description: 'Vilka avtalade nivåer som uppfylls.', type: 'object', additionalProperties: { type: 'boolean' } })
  uppfyllt: Record<string, boolean>;
}
