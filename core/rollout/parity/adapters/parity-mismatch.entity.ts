import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A shadow comparison that found differences, with both responses (bodies trimmed). */
@Entity({ name: 'parity_mismatches' })
export class ParityMismatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'route_id', type: 'varchar', length: 100 })
  routeId!: string;

  @Column({ name: 'observed_at', type: Date })
  observedAt!: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 100 })
  requestId!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  @Column({ type: 'varchar', length: 2000 })
  path!: string;

  /** JSON: ParityDifference[]. */
  @Column({ type: 'text' })
  differences!: string;

  /** JSON: StoredResponse. */
  @Column({ name: 'primary_response', type: 'text' })
  primaryResponse!: string;

  /** JSON: StoredResponse. */
  @Column({ name: 'shadow_response', type: 'text' })
  shadowResponse!: string;
}
