import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { NotificationType } from '../notification-event.entity';

/** Every event type a party can hear about (some are produced by the declarations and SLA modules). */
export const EVENT_TYPES = [
  ...new Set<string>([...Object.values(NotificationType), 'sla_varning', 'sla_brott', 'deklaration_inskickad', 'granskning_beslutad', 'förbehåll_närmar_sig']),
];

/** Decisions and breaches are always e-mailed: a party must not miss them by a setting. */
export const MANDATORY_TYPES = ['lösning_satt', 'granskning_beslutad', 'sla_brott'];

export class PreferenceDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  type: string;

  @ApiProperty({ description: 'E-post för händelsetypen.' })
  @IsBoolean()
  email: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({ type: [PreferenceDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  preferences: PreferenceDto[];
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://verksamhetssystem.kommun.se/avvikelse-hook', description: 'https krävs i produktion.' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes: string[];
}
