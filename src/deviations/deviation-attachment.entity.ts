import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Evidence: a screenshot, a log, a HAR file… Its bytes live in the file store under `storageKey`. */
@Entity({ name: 'deviation_attachment' })
@Index('ix_deviation_attachment_deviation', ['deviationId'])
export class DeviationAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  @Column({ type: 'uuid' })
  partyId: string;

  /** Sanitised: no path, no control characters. */
  @Column({ type: 'text' })
  filename: string;

  /** Decided from the content's magic bytes, never from the client's header. */
  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  storageKey: string;

  @Column({ type: 'text' })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
