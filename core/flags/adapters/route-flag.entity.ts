import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current migration state of a capability or route (absent row: legacy). */
@Entity({ name: 'route_flags' })
export class RouteFlagEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'canary_percent', type: 'integer' })
  canaryPercent!: number;

  @Column({ name: 'reverse_shadow', type: 'boolean' })
  reverseShadow!: boolean;

  /** JSON RampPlan, or null. */
  @Column({ type: 'text', nullable: true })
  ramp!: string | null;

  /** Id of the flag_changes row that set this state. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 200 })
  updatedBy!: string;
}
