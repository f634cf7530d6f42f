import { ApiProperty } from '@nestjs/swagger';
import { PRIORITIES } from '../../agreements/priority';
import { StoredFile } from '../../storage/stored-file';
import { DeviationComment } from '../deviation-comment.entity';
import { DeviationPart } from '../deviation-part.entity';
import { Deviation, DeviationSource, DeviationStatus, Kontaktperson, Miljö } from '../deviation.entity';
import { Bastjänst } from '../../parties/bastjanst.entity';
import { KontaktpersonDto } from './kontaktperson.dto';

export class DeviationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AVV-2026-00042' }) key: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Rapporterande part; saknas när SKR själv registrerat avvikelsen.',
  })
  partyId: string | null;
  @ApiProperty({ enum: DeviationSource, description: 'Varifrån avvikelsen kom: en part, SKR eller SKR:s Jira.' }) källa: DeviationSource;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Ansvarig part; sätts av SKR vid triage.' })
  responsiblePartyId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Bastjänsten avvikelsen gäller (se `/api/v1/deviations/bastjanster`).' })
  bastjänst: string | null;
  @ApiProperty({
    enum: ['rapporterad', 'ansvarig'],
    nullable: true,
    description: 'Partens koppling till avvikelsen (rapporterad av oss / gäller oss); null för SKR.',
  })
  relation: 'rapporterad' | 'ansvarig' | null;
  @ApiProperty({ type: String, nullable: true, description: 'Rapporterande användare; visas inte för den ansvariga parten.' })
  reporterUserId: string | null;
  @ApiProperty({ enum: DeviationStatus }) status: DeviationStatus;
  @ApiProperty() rubrik: string;
  @ApiProperty({ type: String, nullable: true }) reproduktionssteg: string | null;
  @ApiProperty({ type: String, nullable: true }) skäl: string | null;
  @ApiProperty({ type: String, nullable: true }) utfall: string | null;
  @ApiProperty({ type: String, nullable: true }) förväntat: string | null;
  @ApiProperty({ type: String, nullable: true }) del: string | null;
  @ApiProperty({ enum: Miljö, nullable: true }) miljö: Miljö | null;
  @ApiProperty({ type: String, nullable: true }) kravreferens: string | null;
  @ApiProperty({ type: Number, nullable: true }) påverkan: number | null;
  @ApiProperty({ type: Number, nullable: true }) tidpunkt: number | null;
  @ApiProperty({
    description: 'Tidpunkten föreslogs ur kalendern i partens avtal och är ännu inte angiven eller bekräftad av rapportören.',
  })
  tidpunktProposed: boolean;
  @ApiProperty({ enum: PRIORITIES, nullable: true, description: 'Beräknas ur påverkan och tidpunkt enligt avtalets matris.' })
  prioritet: string | null;
  @ApiProperty({ description: 'SKR har satt prioriteten manuellt.' }) prioritetOverridden: boolean;
  @ApiProperty({ type: [KontaktpersonDto], description: 'Kontaktuppgifter som de var vid rapporteringen.' })
  kontaktpersoner: Kontaktperson[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) duplicateOfId: string | null;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) resolvedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ description: 'Version för optimistisk samtidighet; skicka som If-Match.' }) version: number;

  static from(d: Deviation): DeviationResponseDto {
    return DeviationResponseDto.seenBy(null)(d);
  }

  /**
   * The deviation as the viewing party may see it (personal-data decision, README): the responsible party gets what
   * was reported and the reporter's contact persons, but not the reporter's user identity.
   */
  static seenBy(viewerPartyId: string | null): (d: Deviation) => DeviationResponseDto {
    return (d) => {
      const relation = viewerPartyId === null ? null : d.partyId === viewerPartyId ? 'rapporterad' : 'ansvarig';
      return DeviationResponseDto.mapped(d, relation);
    };
  }

  private static mapped(d: Deviation, relation: 'rapporterad' | 'ansvarig' | null): DeviationResponseDto {
    return Object.assign(new DeviationResponseDto(), {
      id: d.id,
      key: d.key,
      partyId: d.partyId,
      källa: d.source,
      responsiblePartyId: d.responsiblePartyId,
      bastjänst: d.bastjänst,
      relation,
      reporterUserId: relation === 'ansvarig' ? null : d.reporterUserId,
      status: d.status,
      rubrik: d.rubrik,
      reproduktionssteg: d.reproduktionssteg,
      skäl: d.skäl,
      utfall: d.utfall,
      förväntat: d.förväntat,
      del: d.del,
      miljö: d.miljö,
      kravreferens: d.kravreferens,
      påverkan: d.påverkan,
      tidpunkt: d.tidpunkt,
      tidpunktProposed: d.tidpunktProposed,
      prioritet: d.prioritet,
      prioritetOverridden: d.prioritetOverridden,
      kontaktpersoner: d.kontaktpersoner,
      duplicateOfId: d.duplicateOfId,
      resolution: d.resolution,
      submittedAt: d.submittedAt,
      resolvedAt: d.resolvedAt,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      version: d.version,
    });
  }
}

export class DeviationPageDto {
  @ApiProperty({ type: [DeviationResponseDto] }) items: DeviationResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Skicka som `cursor` för nästa sida; saknas på sista sidan.' })
  nextCursor: string | null;
}

export class CommentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() authorName: string;
  @ApiProperty({ enum: ['part', 'skr', 'jira'] }) origin: string;
  @ApiProperty() text: string;
  @ApiProperty() internal: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(c: DeviationComment): CommentResponseDto {
    return Object.assign(new CommentResponseDto(), {
      id: c.id,
      authorName: c.authorName,
      origin: c.origin,
      text: c.body,
      internal: c.internal,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    });
  }
}

export class AttachmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'image/png', description: 'Avgjord av filens innehåll.' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 av innehållet (hex).' }) sha256: string;
  @ApiProperty() createdAt: Date;

  static from(a: StoredFile): AttachmentResponseDto {
    return Object.assign(new AttachmentResponseDto(), {
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: Number(a.sizeBytes),
      sha256: a.sha256,
      createdAt: a.createdAt,
    });
  }
}

export class DeviationPartDto {
  @ApiProperty({ example: 'gränssnitt_mot_frågetjänster', description: 'Värdet att skicka i `del`.' }) code: string;
  @ApiProperty({ example: 'Gränssnitt mot frågetjänster' }) nameSv: string;
  @ApiProperty({ example: 'Interface towards query services' }) nameEn: string;
  @ApiProperty({ example: 3 }) sortOrder: number;

  static from(p: DeviationPart): DeviationPartDto {
    return Object.assign(new DeviationPartDto(), { code: p.code, nameSv: p.nameSv, nameEn: p.nameEn, sortOrder: p.sortOrder });
  }
}

export class TimingProposalDto {
  @ApiProperty({
    enum: [1, 2, 3, 4],
    example: 1,
    description: 'Föreslagen tidpunkt (1 kritisk period, 2 nära den, 3 övrig tid, 4 lågsäsong).',
  })
  tidpunkt: number;

  @ApiProperty({ enum: ['kritisk_period', 'nära_kritisk_period', 'normal_period', 'lågsäsong'], example: 'kritisk_period' })
  skäl: string;

  @ApiProperty({ example: 'UC_SSBTEK_2024', description: 'Avtalet vars kalender tillfrågades (partens eget; för SKR standardavtalet).' })
  avtal: string;
}

export class BastjänstDto {
  @ApiProperty({ example: 'transportstyrelsen', description: 'Värdet att skicka i `bastjänst`.' }) code: string;
  @ApiProperty({ example: 'Transportstyrelsen' }) nameSv: string;
  @ApiProperty({ example: 'Transport Agency' }) nameEn: string;
  @ApiProperty({ example: 6 }) sortOrder: number;

  static from(b: Bastjänst): BastjänstDto {
    return Object.assign(new BastjänstDto(), { code: b.code, nameSv: b.nameSv, nameEn: b.nameEn, sortOrder: b.sortOrder });
  }
}
