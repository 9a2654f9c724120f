import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VideoEventName } from '../../notifications/delivery';

/** A video's outcome, recorded with its status change and announced from here (the pipeline's outbox). */
@Entity({ name: 'video_events' })
export class VideoEventEntity {
  @PrimaryColumn({ name: 'event_key', type: 'varchar', length: 150 })
  eventKey!: string;

  @Column({ type: 'varchar', length: 32 })
  event!: VideoEventName;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ name: 'video_id', type: 'uuid' })
  videoId!: string;

  /** The Video JSON at that moment. */
  @Column({ type: 'text' })
  video!: string;

  @Column({ name: 'occurred_at', type: Date })
  occurredAt!: Date;

  @Column({ name: 'fanned_out_at', type: Date, nullable: true })
  fannedOutAt!: Date | null;
}
