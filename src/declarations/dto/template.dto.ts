import { ApiProperty } from '@nestjs/swagger';
import { PartyKind } from '../../parties/party.entity';
import { DeclarationTemplate, TemplateStatus } from '../declaration-template.entity';

export class TemplateSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ssbtek' }) name: string;
  @ApiProperty({ example: 'ssbtek', description: 'Mallens typ, t.ex. `ssbtek`, `bastjänst`, `verksamhetssystem`.' }) kind: string;
  @ApiProperty({
    enum: PartyKind,
    isArray: true,
    example: [PartyKind.Driftleverantör],
    description: 'De typer av part som fyller i mallen; en part kan bara påbörja en deklaration på en mall för någon av sina typer.',
  })
  partyKinds: PartyKind[];
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: 'Självdeklaration SSBTEK' }) title: string;
  @ApiProperty({ enum: TemplateStatus }) status: TemplateStatus;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) publishedAt: Date | null;

  static from(template: DeclarationTemplate): TemplateSummaryDto {
    const { id, name, kind, partyKinds, version, title, status, createdAt, publishedAt } = template;
    return Object.assign(new TemplateSummaryDto(), { id, name, kind, partyKinds, version, title, status, createdAt, publishedAt });
  }
}

export class TemplateResponseDto extends TemplateSummaryDto {
  @ApiProperty({ description: 'Mallens dokument: avsnitt → delavsnitt → frågor.', type: Object })
  document: unknown;

  static override from(template: DeclarationTemplate): TemplateResponseDto {
    return Object.assign(new TemplateResponseDto(), TemplateSummaryDto.from(template), { document: template.document });
  }
}
