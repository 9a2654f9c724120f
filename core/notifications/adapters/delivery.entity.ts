import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus, VideoEventName } from '../delivery';

/** A row of the outbox: one event for one subscription, and how sending it went. */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 32 })
  event!: VideoEventName;

  @Column({ name: 'event_key', type: 'varchar', length: 150 })
  eventKey!: string;

  @Column({ name: 'video_id', type: 'uuid' })
  videoId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt!: Date;

  @Column({ name: 'locked_until', type: Date, nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: Date, nullable: true })
  deliveredAt!: Date | null;
}
