import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { Trim } from '../../common/trim.transform';
import { IsUuid } from '../../common/is-uuid.decorator';

/** How many deviations one bulk assignment may name: a triage session's worth, in one transaction. */
export const BULK_ASSIGN_MAX = 200;

export class AssignResponsibleDto {
  @ApiProperty({ format: 'uuid', description: 'Parten vars system eller åtagande avvikelsen gäller.' })
  @IsUuid()
  responsiblePartyId: string;

  @ApiProperty({ required: false, maxLength: 5000, description: 'Motivering, syns i historiken.' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  motivering?: string;
}

export class BulkAssignResponsibleDto extends AssignResponsibleDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: BULK_ASSIGN_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_ASSIGN_MAX)
  @IsUuid({ each: true })
  deviationIds: string[];
}

export class BulkAssignResultDto {
  @ApiProperty({ description: 'Antal avvikelser som fick en ny ansvarig part (redan satta räknas inte).' }) changed: number;
}
