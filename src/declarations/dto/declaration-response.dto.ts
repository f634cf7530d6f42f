import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { CreateDeviationDto } from '../../deviations/dto/create-deviation.dto';
import { DeviationStatus } from '../../deviations/deviation.entity';
import type { Evidence, InlineDeviation } from '../declaration-answer.entity';
import { ReviewOutcome } from '../declaration-review.entity';
import { Declaration, declarationReference, DeclarationStatus } from '../declaration.entity';
import type { DeclarationView } from '../declaration-view';

/** A cited or known deviation as it stands now. */
export class CitedDeviationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AVV-2026-00042' }) key: string;
  @ApiProperty() rubrik: string;
  @ApiProperty({ enum: DeviationStatus, description: 'Avvikelsens nuvarande status.' }) status: DeviationStatus;

  static from(d: Pick<CitedDeviationDto, 'id' | 'key' | 'rubrik' | 'status'>): CitedDeviationDto {
    return Object.assign(new CitedDeviationDto(), { id: d.id, key: d.key, rubrik: d.rubrik, status: d.status });
  }
}

export class AnswerResponseDto {
  @ApiProperty() svar: string;
  @ApiProperty({ type: String, nullable: true }) kommentar: string | null;
  @ApiProperty({ type: [CitedDeviationDto] }) citations: CitedDeviationDto[];
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        attachmentId: { type: 'string', format: 'uuid' },
        deviationId: { type: 'string', format: 'uuid', nullable: true, description: 'null för en bilaga till deklarationen själv.' },
        locator: { type: 'string' },
      },
      required: ['attachmentId', 'deviationId', 'locator'],
    },
    description: 'Bilaga (id), dess avvikelse och var i bilagan.',
  })
  evidence: Evidence[];
  @ApiProperty({ type: CreateDeviationDto, nullable: true, description: 'Beskriven ny avvikelse som registreras vid inskick.' })
  newDeviation: InlineDeviation | null;
  @ApiProperty() updatedAt: Date;
}

export class ReviewResponseDto {
  @ApiProperty() round: number;
  @ApiProperty({ enum: ReviewOutcome }) outcome: ReviewOutcome;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) agreedDate: string | null;
  @ApiProperty({ type: String, nullable: true }) newTimetable: string | null;
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty() reviewer: string;
  @ApiProperty() decidedAt: Date;
}

export class DeclarationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SD-1A2B3C4D', description: 'Kort referens som inleder e-postnotiser om deklarationen.' }) referens: string;
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({ enum: DeclarationStatus }) status: DeclarationStatus;
  @ApiProperty({ description: 'Granskningsomgång.' }) round: number;
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ description: 'Version för optimistisk samtidighet; skicka som If-Match.' }) version: number;

  static from(d: Declaration): DeclarationSummaryDto {
    const { id, partyId, templateId, status, round, submittedAt, createdAt, updatedAt, version } = d;
    return Object.assign(new DeclarationSummaryDto(), {
      id,
      referens: declarationReference(d),
      partyId,
      templateId,
      status,
      round,
      submittedAt,
      createdAt,
      updatedAt,
      version,
    });
  }
}

@ApiExtraModels(AnswerResponseDto)
export class DeclarationResponseDto extends DeclarationSummaryDto {
  @ApiProperty({ example: 'ssbtek' }) templateName: string;
  @ApiProperty() templateVersion: number;
  @ApiProperty({
    type: 'object',
    properties: { namn: { type: 'string' }, datum: { type: 'string' } },
    required: ['namn', 'datum'],
    nullable: true,
    description: 'Kontaktpersonens namn och datum.',
  })
  signature: {
    namn: string;
    datum: string;
  } | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AnswerResponseDto) },
    description: 'Svar per frågenyckel.',
  })
  answers: Record<string, AnswerResponseDto>;
  @ApiProperty({ type: [CitedDeviationDto], description: 'Kända avvikelser som kvarstår vid driftstart.' })
  knownDeviations: CitedDeviationDto[];
  @ApiProperty({ description: 'Partens egen lista (true) eller härledd ur svarens citeringar (false).' }) knownDeviationsEdited: boolean;
  @ApiProperty({ type: [String], description: 'Frågor som senaste granskningen öppnade för komplettering; tomt = alla.' })
  reopenedKeys: string[];
  @ApiProperty({ type: [ReviewResponseDto] }) reviews: ReviewResponseDto[];

  static fromView(view: DeclarationView): DeclarationResponseDto {
    const { declaration: d, template } = view;
    const deviation = (id: string): CitedDeviationDto[] => {
      const found = view.deviations.get(id);
      return found ? [{ id: found.id, key: found.key, rubrik: found.rubrik, status: found.status }] : [];
    };
    const answers = Object.fromEntries(
      view.answers.map((a) => [
        a.questionKey,
        {
          svar: a.svar,
          kommentar: a.kommentar,
          citations: a.citations.flatMap(deviation),
          evidence: a.evidence,
          newDeviation: a.newDeviation,
          updatedAt: a.updatedAt,
        },
      ]),
    );
    return Object.assign(new DeclarationResponseDto(), DeclarationSummaryDto.from(d), {
      templateName: template.name,
      templateVersion: template.version,
      signature: d.signatureName && d.signatureDate ? { namn: d.signatureName, datum: d.signatureDate } : null,
      answers,
      knownDeviations: view.knownDeviationIds.flatMap(deviation),
      knownDeviationsEdited: d.knownDeviationIds !== null,
      reopenedKeys: d.reopenedKeys,
      reviews: view.reviews.map((r) => ({
        round: r.round,
        outcome: r.outcome,
        comment: r.comment,
        agreedDate: r.agreedDate,
        newTimetable: r.newTimetable,
        items: r.items,
        reviewer: r.reviewerName,
        decidedAt: r.decidedAt,
      })),
    });
  }
}
