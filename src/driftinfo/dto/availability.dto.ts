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

export class AvailabilityRowDto {
  @ApiProperty({ type: String, nullable: true, description: 'Bastjänst; null för SSBTEK som helhet (bara SKR).' }) bastjänst: string | null;
  @ApiProperty() avtal: string;
  @ApiProperty({ type: AvailabilityFiguresDto }) månad: AvailabilityFiguresDto;
  @ApiProperty({ type: AvailabilityFiguresDto }) hittillsIÅr: AvailabilityFiguresDto;
  @ApiProperty({ description: 'Vilka avtalade nivåer som uppfylls.', type: 'object', additionalProperties: { type: 'boolean' } })
  uppfyllt: Record<string, boolean>;
}
