import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/optional.decorator';

export class PublicLanguageQueryDto {
  @ApiPropertyOptional({ enum: ['sv', 'en'], description: 'Språk; annars Accept-Language, svenska först.' })
  @Optional()
  @IsIn(['sv', 'en'])
  lang?: 'sv' | 'en';
}

class PublicServiceDto {
  @ApiProperty({ description: '`central` eller en bastjänsts kod.' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['tillganglig', 'storning', 'otillganglig', 'underhall'] }) state: string;
  @ApiProperty() stateName: string;
}

class PublicUpdateDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
}

class PublicAffectedDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class PublicAnnouncementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['driftstorning', 'planerad_andring'] }) kind: string;
  @ApiProperty() kindName: string;
  @ApiProperty({ enum: ['pagaende', 'planerad', 'avslutad', 'installd'] }) status: string;
  @ApiProperty() statusName: string;
  @ApiProperty({ type: String, nullable: true }) severity: string | null;
  @ApiProperty({ type: String, nullable: true }) severityName: string | null;
  @ApiProperty() title: string;
  @ApiProperty() impact: string;
  @ApiProperty({ type: [PublicAffectedDto] }) affects: PublicAffectedDto[];
  @ApiProperty({ type: String, format: 'date-time' }) start: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expectedEnd: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) end: string | null;
  @ApiProperty() release: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) published: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [PublicUpdateDto] }) updates: PublicUpdateDto[];
}

/** The public status board: the integration point for Försäkringskassan's Informationsportalen. */
export class PublicStatusDto {
  @ApiProperty({ enum: ['sv', 'en'] }) language: string;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [PublicServiceDto] }) services: PublicServiceDto[];
  @ApiProperty({ type: [PublicAnnouncementDto] }) ongoing: PublicAnnouncementDto[];
  @ApiProperty({ type: [PublicAnnouncementDto] }) upcoming: PublicAnnouncementDto[];
  @ApiProperty({ type: [PublicAnnouncementDto] }) recent: PublicAnnouncementDto[];
}
