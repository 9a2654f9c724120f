import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../../database/bigint-column';

/** One proxy instance's totals of a route and target for one minute; each instance writes only its own rows. */
@Entity({ name: 'route_stats' })
export class RouteStatsEntity {
  @PrimaryColumn({ type: Date })
  minute!: Date;

  @PrimaryColumn({ name: 'route_id', type: 'varchar', length: 100 })
  routeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  target!: string;

  @PrimaryColumn({ name: 'instance_id', type: 'varchar', length: 64 })
  instanceId!: string;

  @Column({ type: 'integer' })
  requests!: number;

  @Column({ type: 'integer' })
  errors!: number;

  @Column({ name: 'latency_sum_ms', type: 'double precision' })
  latencySumMs!: number;

  /** JSON array of counts per latency bucket (LatencyHistogram.toJSON). */
  @Column({ name: 'latency_buckets', type: 'text' })
  latencyBuckets!: string;

  @Column({ name: 'request_bytes', type: 'bigint', transformer: bigintAsNumber })
  requestBytes!: number;

  @Column({ name: 'response_bytes', type: 'bigint', transformer: bigintAsNumber })
  responseBytes!: number;
}
