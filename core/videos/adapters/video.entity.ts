import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/bigint-column';
import type { VideoStatus } from '../video';

@Entity({ name: 'videos' })
export class VideoEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 255 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: VideoStatus;

  @Column({ name: 'source_key', type: 'varchar', length: 512 })
  sourceKey!: string;

  @Column({ name: 'source_size_bytes', type: 'bigint', transformer: bigintAsNumber })
  sourceSizeBytes!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 1000, nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
