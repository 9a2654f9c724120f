import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JobStatus } from '../transcode-job';

@Entity({ name: 'transcode_jobs' })
export class TranscodeJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'video_id', type: 'uuid' })
  videoId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: JobStatus;

  /** JSON array of preset ids. */
  @Column({ type: 'varchar', length: 200 })
  presets!: string;

  @Column({ type: 'integer' })
  progress!: number;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 1000, nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt!: Date | null;
}
