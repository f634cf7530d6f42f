import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { PRIORITIES, type Prioritet } from '../../agreements/priority';
import { DeviationStatus } from '../deviation.entity';
import { Trim } from '../../common/trim.transform';
import { IsUuid } from '../../common/is-uuid.decorator';

const SKR_STATUSES = [
  DeviationStatus.Mottagen,
  DeviationStatus.UnderUtredning,
  DeviationStatus.Åtgärdas,
  DeviationStatus.VäntarPåKomplettering,
  DeviationStatus.Löst,
  DeviationStatus.Stängd,
];

export class ReasonDto {
  @ApiProperty({ description: 'Motivering.', example: 'Felet uppstod igen efter åtgärden.', maxLength: 5000 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  motivering: string;
}

export class WithdrawDto {
  @ApiProperty({ required: false, maxLength: 5000 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  motivering?: string;
}

export class SetStatusDto {
  @ApiProperty({ enum: SKR_STATUSES })
  @IsIn(SKR_STATUSES)
  status: DeviationStatus;

  @ApiProperty({ required: false, description: 'Lösning när status blir `löst`.', maxLength: 500 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(500)
  resolution?: string;
}

export class OverridePriorityDto extends ReasonDto {
  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  prioritet: Prioritet;
}

export class MarkDuplicateDto {
  @ApiProperty({ format: 'uuid', description: 'Avvikelsen som denna är en dubblett av.' })
  @IsUuid()
  duplicateOf: string;
}

export class CreateCommentDto {
  @ApiProperty({ example: 'Loggar från 14:02 bifogade.', maxLength: 20000 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  text: string;

  @ApiProperty({ required: false, default: false, description: 'Endast SKR: intern anteckning som parten aldrig ser.' })
  @Optional()
  @IsBoolean()
  internal?: boolean;
}
