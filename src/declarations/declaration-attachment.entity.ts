import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StoredFile } from '../storage/stored-file';
import { Declaration } from './declaration.entity';

/** Evidence that belongs to the declaration itself (a test report, a certificate), cited by its answers. */
@Entity({ name: 'declaration_attachment' })
@Index('ix_declaration_attachment_declaration', ['declarationId'])
export class DeclarationAttachment extends StoredFile {
  @Column({ type: 'uuid' })
  declarationId: string;

  @ManyToOne(() => Declaration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'fk_declaration_attachment_declaration' })
  declaration?: Declaration;
}
