import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which part of SSBTEK a deviation concerns (seed 000). A table, so SKR can add parts without a release. */
@Entity({ name: 'deviation_part' })
export class DeviationPart {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  nameSv: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'smallint' })
  sortOrder: number;
}
