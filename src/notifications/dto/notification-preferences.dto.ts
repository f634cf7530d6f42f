import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, ValidateNested } from 'class-validator';
import { NOTIFICATION_TYPES, NotificationType } from '../notification-type';
import { TextsDto } from './notification.dto';

export class PreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_TYPES, description: 'Händelsetyp (driftinformation väljs med prenumerationen, inte här).' })
  @IsIn(NOTIFICATION_TYPES)
  type: NotificationType;

  @ApiProperty({ description: 'E-post för händelsetypen på eller av.' })
  @IsBoolean()
  email: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({
    type: [PreferenceDto],
    description: 'De händelsetyper som ändras; övriga lämnas som de är. `granskning_beslutad` och `sla_brott` kan inte stängas av.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @ArrayUnique((p: unknown) => (p && typeof p === 'object' ? (p as { type?: unknown }).type : p), {
    message: 'each event type may appear once',
  })
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  preferences: PreferenceDto[];
}

export class PreferenceResponseDto {
  @ApiProperty({ enum: NotificationType }) type: NotificationType;
  @ApiProperty({ type: TextsDto, description: 'Händelsetypens namn.' }) name: TextsDto;
  @ApiProperty({ description: 'Om e-post skickas för händelsetypen.' }) email: boolean;
  @ApiProperty({ description: 'Skickas alltid (beslut och SLA-brott); kan inte stängas av.' }) mandatory: boolean;
}

export class PreferencesResponseDto {
  @ApiProperty({ type: [PreferenceResponseDto], description: 'Alla händelsetyper, med det som gäller för användaren.' })
  preferences: PreferenceResponseDto[];
}
