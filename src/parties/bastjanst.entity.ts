import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A bastjänst (seed 004: one per agency) a deviation can concern, and agreements can be bound for. */
@Entity({ name: 'bastjanst' })
export class Bastjänst {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  nameSv: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'smallint' })
  sortOrder: number;
}
