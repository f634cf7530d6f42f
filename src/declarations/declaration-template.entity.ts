import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PartyKind } from '../parties/party.entity';
import type { TemplateDocument } from './templates/template-types';

export enum TemplateStatus {
  Utkast = 'utkast',
  Publicerad = 'publicerad',
  Tillbakadragen = 'tillbakadragen',
}

/**
 * One version of a self-declaration template. The document is data (validated against the template schema), so a
 * new version is an import, not a code change; a published version never changes again, because declarations
 * stay pinned to the version they were started on.
 */
@Entity({ name: 'declaration_template' })
@Unique('uq_declaration_template_name_version', ['name', 'version'])
@Check('ck_declaration_template_party_kinds', `cardinality(party_kinds) > 0`)
export class DeclarationTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'integer' })
  version: number;

  /**
   * The kinds of party that fill this template in; a party starts it when one of its kinds is here. Set from the
   * document's `partyKinds` on import (seed 000's SSBTEK template: the Driftleverantör).
   */
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true })
  partyKinds: PartyKind[];

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: TemplateStatus, enumName: 'template_status', default: TemplateStatus.Utkast })
  status: TemplateStatus;

  @Column({ type: 'jsonb' })
  document: TemplateDocument;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
