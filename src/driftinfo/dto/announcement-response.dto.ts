import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Actor, isSkr } from '../../actor/actor';
import { type AnnouncementKind, type AnnouncementStatus, DriftAnnouncement, type Severity } from '../drift-announcement.entity';

/** An announcement as a signed-in user reads it; cause and action plan only for SKR and the owner. */
export class AnnouncementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['driftstorning', 'planerad_andring'] }) typ: AnnouncementKind;
  @ApiProperty({ enum: ['pagaende', 'planerad', 'avslutad', 'installd'] }) status: AnnouncementStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ägare: string | null;
  @ApiProperty() centralKomponent: boolean;
  @ApiProperty({ type: [String] }) bastjänster: string[];
  @ApiProperty() rubrik: string;
  @ApiProperty({ type: String, nullable: true }) rubrikEn: string | null;
  @ApiProperty() påverkan: string;
  @ApiProperty({ type: String, nullable: true }) påverkanEn: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['lag', 'medel', 'hog', 'allvarlig'] }) allvarlighet: Severity | null;
  @ApiProperty({ type: Number, nullable: true }) svarandeMyndigheter: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) start: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) förväntatSlut: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) aviseratSlut: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) slut: string | null;
  @ApiProperty() release: boolean;
  @ApiProperty() innehållsändring: boolean;
  @ApiProperty({ type: String, nullable: true }) undantagMotivering: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) orsak?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) åtgärdsplan?: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) publicerad: string;
  @ApiProperty({ type: String, format: 'date-time' }) senastUppdaterad: string;
  @ApiProperty() version: number;

  static seenBy(actor: Actor) {
    return (a: DriftAnnouncement): AnnouncementResponseDto => {
      const dto = Object.assign(new AnnouncementResponseDto(), {
        id: a.id,
        typ: a.kind,
        status: a.status,
        ägare: a.ownerPartyId,
        centralKomponent: a.centralComponent,
        bastjänster: a.bastjänster,
        rubrik: a.titleSv,
        rubrikEn: a.titleEn,
        påverkan: a.impactSv,
        påverkanEn: a.impactEn,
        allvarlighet: a.severity,
        svarandeMyndigheter: a.answeringAgencies,
        start: a.startsAt.toISOString(),
        förväntatSlut: a.expectedEndAt?.toISOString() ?? null,
        aviseratSlut: a.announcedEndAt?.toISOString() ?? null,
        slut: a.endedAt?.toISOString() ?? null,
        release: a.release,
        innehållsändring: a.contentChange,
        undantagMotivering: a.noticeExceptionReason,
        publicerad: a.publishedAt.toISOString(),
        senastUppdaterad: a.lastUpdateAt.toISOString(),
        version: a.version,
      });
      if (isSkr(actor) || (actor.partyId !== null && actor.partyId === a.ownerPartyId)) {
        dto.orsak = a.cause;
        dto.åtgärdsplan = a.actionPlan;
      }
      return dto;
    };
  }
}

export class LinkedDeviationDto {
  @ApiProperty({ format: 'uuid' }) announcementId: string;
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty({ type: String, format: 'date-time' }) länkad: string;
}

/** One version of an announcement: when it went out and the update text it carried. */
export class AnnouncementVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) meddelande: string | null;
  @ApiProperty({ type: String, nullable: true }) meddelandeEn: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) tidpunkt: string;
}
