import type { DataSource, Repository } from 'typeorm';
import { isForeignKeyViolation } from '../../database/constraint-violation';
import type { VideoMetadata } from '../metadata';
import type { MetadataStore } from '../metadata.store';
import { VideoMetadataEntity } from './video-metadata.entity';

const toEntity = ({ video, audio, ...format }: VideoMetadata): VideoMetadataEntity => ({
  ...format,
  videoCodec: video?.codec ?? null,
  width: video?.width ?? null,
  height: video?.height ?? null,
  frameRate: video?.frameRate ?? null,
  pixelFormat: video?.pixelFormat ?? null,
  audioCodec: audio?.codec ?? null,
  sampleRate: audio?.sampleRate ?? null,
  channels: audio?.channels ?? null,
});

const toMetadata = (entity: VideoMetadataEntity): VideoMetadata => ({
  videoId: entity.videoId,
  durationSeconds: entity.durationSeconds,
  sizeBytes: entity.sizeBytes,
  bitRate: entity.bitRate,
  formatName: entity.formatName,
  video:
    entity.videoCodec === null
      ? null
      : { codec: entity.videoCodec, width: entity.width ?? 0, height: entity.height ?? 0, frameRate: entity.frameRate ?? 0, pixelFormat: entity.pixelFormat ?? '' },
  audio: entity.audioCodec === null ? null : { codec: entity.audioCodec, sampleRate: entity.sampleRate ?? 0, channels: entity.channels ?? 0 },
  extractedAt: entity.extractedAt,
});

/** Video metadata in the relational database. */
export class TypeormMetadataStore implements MetadataStore {
  private readonly metadata: Repository<VideoMetadataEntity>;

  constructor(dataSource: DataSource) {
    this.metadata = dataSource.getRepository(VideoMetadataEntity);
  }

  async save(metadata: VideoMetadata): Promise<boolean> {
    try {
      // One statement, no read before the write: safe beside other processes on SQLite.
      await this.metadata.upsert(toEntity(metadata), ['videoId']);
      return true;
    } catch (error) {
      // The video was deleted meanwhile: its metadata has nothing to belong to.
      if (isForeignKeyViolation(error)) return false;
      throw error;
    }
  }

  async findByVideoId(videoId: string): Promise<VideoMetadata | undefined> {
    const entity = await this.metadata.findOneBy({ videoId });
    return entity ? toMetadata(entity) : undefined;
  }
}
