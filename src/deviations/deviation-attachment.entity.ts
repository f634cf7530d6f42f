import { Column, Entity, Index } from 'typeorm';
import { StoredFile } from '../storage/stored-file';

/** Evidence of a deviation: a screenshot, a log, a HAR file… */
@Entity({ name: 'deviation_attachment' })
@Index('ix_deviation_attachment_deviation', ['deviationId'])
export class DeviationAttachment extends StoredFile {
  @Column({ type: 'uuid' })
  deviationId: string;
}
