import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { Trim } from '../../common/trim.transform';
import { NOTIFICATION_TYPES, NotificationType } from '../notification-type';
import { PartyWebhook } from '../party-webhook.entity';

const URL_RULES = { protocols: ['https', 'http'], require_protocol: true, require_tld: false, require_host: true, disallow_auth: true };

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://verksamhetssystem.goteborg.se/avvikelse-hook',
    description: 'Mottagarens adress. https krävs i produktion.',
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULES)
  url: string;

  @ApiProperty({
    enum: NOTIFICATION_TYPES,
    isArray: true,
    description: 'De händelsetyper som skickas hit (driftinformation går till prenumeranter, inte webhooks).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_TYPES, { each: true })
  eventTypes: NotificationType[];

  @ApiPropertyOptional({ example: 'Ärendesystemet Procapita', description: 'Fri beskrivning för partens administratörer.' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: 'Ny adress. https krävs i produktion.' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULES)
  url?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_TYPES, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_TYPES, { each: true })
  eventTypes?: NotificationType[];

  @ApiPropertyOptional({ nullable: true, description: '`null` tar bort beskrivningen.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  description?: string | null;

  @ApiPropertyOptional({ description: 'En inaktiv webhook får inga nya leveranser.' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: NotificationType, isArray: true }) eventTypes: NotificationType[];
  @ApiProperty() active: boolean;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'Efter ett nyckelbyte: till dess signeras leveranserna även med den gamla hemligheten. Annars null.',
  })
  previousSecretExpiresAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(w: PartyWebhook): WebhookResponseDto {
    return Object.assign(new WebhookResponseDto(), {
      id: w.id,
      url: w.url,
      description: w.description,
      eventTypes: w.eventTypes,
      active: w.active,
      previousSecretExpiresAt: w.previousSecretExpiresAt,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
    });
  }
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Signeringshemligheten enligt Standard Webhooks. Visas endast nu; spara den i mottagarsystemet.',
  })
  secret: string;

  static fromCreated({ webhook, secret }: { webhook: PartyWebhook; secret: string }): CreatedWebhookResponseDto {
    return Object.assign(new CreatedWebhookResponseDto(), WebhookResponseDto.from(webhook), { secret });
  }
}
