import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Shadow comparisons of one route in one minute by one proxy instance; readers add instances up. */
@Entity({ name: 'parity_stats' })
export class ParityStatEntity {
  @PrimaryColumn({ type: Date })
  minute!: Date;

  @PrimaryColumn({ name: 'route_id', type: 'varchar', length: 100 })
  routeId!: string;

  @PrimaryColumn({ name: 'instance_id', type: 'varchar', length: 64 })
  instanceId!: string;

  @Column({ type: 'integer' })
  compared!: number;

  @Column({ type: 'integer' })
  matched!: number;

  /** Mirrors not sent because the shadow queue was full. */
  @Column({ type: 'integer' })
  dropped!: number;
}
