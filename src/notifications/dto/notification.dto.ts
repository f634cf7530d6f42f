import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from '../notification-delivery.entity';
import { NotificationEvent, type NotificationData, type NotificationSubjectKind } from '../notification-event.entity';
import { NotificationType } from '../notification-type';
import { summarize } from '../notification-email';
import { NOTIFICATION_TYPE_NAMES } from '../notification-templates';
import { type Page } from '../../common/page';
import { PageQueryDto } from './page-query.dto';
import { IsUuid } from '../../common/is-uuid.decorator';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'En parts notifieringar. SKR: vilken part som helst; en part ser bara sina egna.' })
  @Optional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ enum: NotificationType, description: 'Endast denna händelsetyp.' })
  @Optional()
  @IsEnum(NotificationType)
  type?: NotificationType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Endast händelser om denna avvikelse eller självdeklaration.' })
  @Optional()
  @IsUuid()
  subjectId?: string;
}

export class ListFailuresQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Endast denna parts misslyckade leveranser.' })
  @Optional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ enum: DeliveryChannel, description: 'Endast e-post eller endast webhooks.' })
  @Optional()
  @IsEnum(DeliveryChannel)
  channel?: DeliveryChannel;
}

export class TextsDto {
  @ApiProperty({ description: 'På svenska.' }) sv: string;
  @ApiProperty({ description: 'In English.' }) en: string;
}

export class NotificationSubjectDto {
  @ApiProperty({ enum: ['deviation', 'declaration', 'announcement'], description: 'Avvikelse, självdeklaration eller driftinformation.' })
  kind: NotificationSubjectKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AVV-2026-00042', description: 'Nyckeln som anges i kontakt med SKR.' }) key: string;
  @ApiProperty({ description: 'Rubrik när händelsen inträffade.' }) title: string;
  @ApiProperty({ example: '/api/v1/deviations/5b0c…', description: 'Resursens adress i API:et.' }) href: string;
}

export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NotificationType, description: 'Händelsetyp.' }) type: NotificationType;
  @ApiProperty({ type: TextsDto, description: 'Händelsetypens namn på svenska och engelska.' }) typeName: TextsDto;
  @ApiProperty({ type: TextsDto, description: 'Sammanfattning (e-postens ämnesrad utan nyckel) på svenska och engelska.' })
  summary: TextsDto;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'Null för driftinformation (ingen parts; SKR ser dem).' })
  partyId: string | null;
  @ApiProperty({ type: NotificationSubjectDto }) subject: NotificationSubjectDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Publika värden: ny status, prioritet, kommentarstext, förfallodatum …',
  })
  data: NotificationData;
  @ApiProperty() createdAt: Date;

  static from(e: NotificationEvent): NotificationResponseDto {
    return Object.assign(new NotificationResponseDto(), {
      id: e.id,
      type: e.type,
      typeName: NOTIFICATION_TYPE_NAMES[e.type] ?? { sv: e.type, en: e.type },
      summary: { sv: summarize(e, 'sv'), en: summarize(e, 'en') },
      partyId: e.partyId,
      subject: { kind: e.subjectKind, id: e.subjectId, key: e.subjectKey, title: e.subjectTitle, href: subjectHref(e) },
      data: e.data,
      createdAt: e.createdAt,
    });
  }
}

const SUBJECT_PATHS: Record<NotificationSubjectKind, string> = {
  deviation: 'deviations',
  declaration: 'declarations',
  announcement: 'driftinfo/announcements',
};

export function subjectHref(e: Pick<NotificationEvent, 'subjectKind' | 'subjectId'>): string {
  return `/api/v1/${SUBJECT_PATHS[e.subjectKind]}/${e.subjectId}`;
}

export class NotificationDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: DeliveryChannel, description: '`email` eller `webhook`.' }) channel: DeliveryChannel;
  @ApiProperty({ description: 'E-postadress, eller webhookens id.' }) recipient: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) webhookId: string | null;
  @ApiProperty({
    enum: DeliveryStatus,
    description:
      '`väntar`, `skickas`, `skickad`, `misslyckad` eller `ej_bekräftad` (adressen är varken en aktiv användares eller i partens registrerade domäner: skickas aldrig).',
  })
  status: DeliveryStatus;
  @ApiProperty({ description: 'Antal försök hittills.' }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Webhookmottagarens HTTP-status vid senaste försöket.' }) responseStatus:
    number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Orsak till senaste misslyckade försök (e-post: endast för SKR).' }) lastError:
    string | null;
  @ApiProperty({ type: Date, nullable: true }) lastAttemptAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) failedAt: Date | null;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'Satt när e-postens taktgränser (per part och per mottagare) sköt upp leveransen: tidigast då försöks den igen.',
  })
  deferredUntil: Date | null;
  @ApiProperty() createdAt: Date;

  /** An SMTP server's error text can name SKR's mail infrastructure: a party sees its own webhooks' errors only. */
  static from(d: NotificationDelivery, showEmailError: boolean): NotificationDeliveryDto {
    return Object.assign(new NotificationDeliveryDto(), {
      id: d.id,
      eventId: d.eventId,
      channel: d.channel,
      recipient: d.recipient,
      webhookId: d.webhookId,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.responseStatus,
      lastError: d.channel === DeliveryChannel.Webhook || showEmailError ? d.lastError : null,
      lastAttemptAt: d.lastAttemptAt,
      sentAt: d.sentAt,
      failedAt: d.failedAt,
      deferredUntil: d.deferredUntil,
      createdAt: d.createdAt,
    });
  }
}

export class NotificationDetailDto extends NotificationResponseDto {
  @ApiProperty({ type: [NotificationDeliveryDto], description: 'Vem som har fått (eller ska få) meddelandet, och hur det gick.' })
  deliveries: NotificationDeliveryDto[];

  static fromDetail(
    { event, deliveries }: { event: NotificationEvent; deliveries: NotificationDelivery[] },
    showEmailError: boolean,
  ): NotificationDetailDto {
    return Object.assign(new NotificationDetailDto(), NotificationResponseDto.from(event), {
      deliveries: deliveries.map((d) => NotificationDeliveryDto.from(d, showEmailError)),
    });
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items: NotificationResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Skicka som `cursor` för nästa sida; null på sista sidan.' }) nextCursor:
    string | null;

  static from(page: Page<NotificationEvent>): NotificationPageDto {
    return { items: page.items.map(NotificationResponseDto.from), nextCursor: page.nextCursor };
  }
}

export class NotificationFailureDto extends NotificationDeliveryDto {
  @ApiProperty({ type: NotificationResponseDto, description: 'Händelsen som inte kunde levereras.' }) event: NotificationResponseDto;

  static fromFailure(d: NotificationDelivery & { event: NotificationEvent }): NotificationFailureDto {
    return Object.assign(new NotificationFailureDto(), NotificationDeliveryDto.from(d, true), {
      event: NotificationResponseDto.from(d.event),
    });
  }
}

export class NotificationFailurePageDto {
  @ApiProperty({ type: [NotificationFailureDto] }) items: NotificationFailureDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Skicka som `cursor` för nästa sida; null på sista sidan.' }) nextCursor:
    string | null;

  static from(page: Page<NotificationDelivery & { event: NotificationEvent }>): NotificationFailurePageDto {
    return { items: page.items.map(NotificationFailureDto.fromFailure), nextCursor: page.nextCursor };
  }
}

export class NotificationDeliveryPageDto {
  @ApiProperty({ type: [NotificationDeliveryDto] }) items: NotificationDeliveryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Skicka som `cursor` för nästa sida; null på sista sidan.' }) nextCursor:
    string | null;

  /** A webhook's log, as its party reads it. */
  static fromWebhookLog(page: Page<NotificationDelivery>): NotificationDeliveryPageDto {
    return { items: page.items.map((d) => NotificationDeliveryDto.from(d, false)), nextCursor: page.nextCursor };
  }
}
