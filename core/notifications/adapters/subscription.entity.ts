import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel } from '../subscription';

@Entity({ name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Column({ type: 'varchar', length: 2048 })
  target!: string;

  /** JSON array of event names. */
  @Column({ type: 'varchar', length: 200 })
  events!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  secret!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
