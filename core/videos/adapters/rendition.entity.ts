import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/bigint-column';
import type { RenditionStatus } from '../video';

@Entity({ name: 'renditions' })
export class RenditionEntity {
  @PrimaryColumn({ name: 'video_id', type: 'uuid' })
  videoId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  preset!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RenditionStatus;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ name: 'storage_key', type: 'varchar', length: 512, nullable: true })
  storageKey!: string | null;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'bitrate_kbps', type: 'integer', nullable: true })
  bitrateKbps!: number | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  sizeBytes!: number | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
