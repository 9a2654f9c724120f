import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The audit trail of flag changes; append-only. */
@Entity({ name: 'flag_changes' })
export class FlagChangeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'from_state', type: 'varchar', length: 16 })
  fromState!: string;

  @Column({ name: 'to_state', type: 'varchar', length: 16 })
  toState!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'changed_at', type: Date })
  changedAt!: Date;

  @Column({ name: 'to_percent', type: 'integer' })
  toPercent!: number;

  @Column({ type: 'boolean' })
  forced!: boolean;

  /** JSON FlagEvidence, or null. */
  @Column({ type: 'text', nullable: true })
  evidence!: string | null;
}
