import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/bigint-column';

@Entity({ name: 'video_metadata' })
export class VideoMetadataEntity {
  @PrimaryColumn({ name: 'video_id', type: 'uuid' })
  videoId!: string;

  @Column({ name: 'duration_seconds', type: 'double precision' })
  durationSeconds!: number;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintAsNumber })
  sizeBytes!: number;

  @Column({ name: 'bit_rate', type: 'bigint', transformer: bigintAsNumber })
  bitRate!: number;

  @Column({ name: 'format_name', type: 'varchar', length: 100 })
  formatName!: string;

  @Column({ name: 'video_codec', type: 'varchar', length: 50, nullable: true })
  videoCodec!: string | null;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'frame_rate', type: 'double precision', nullable: true })
  frameRate!: number | null;

  @Column({ name: 'pixel_format', type: 'varchar', length: 50, nullable: true })
  pixelFormat!: string | null;

  @Column({ name: 'audio_codec', type: 'varchar', length: 50, nullable: true })
  audioCodec!: string | null;

  @Column({ name: 'sample_rate', type: 'integer', nullable: true })
  sampleRate!: number | null;

  @Column({ type: 'integer', nullable: true })
  channels!: number | null;

  @Column({ name: 'extracted_at', type: Date })
  extractedAt!: Date;
}
