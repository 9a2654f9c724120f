import { In, type DataSource, type Repository } from 'typeorm';
import type { Failure, Rendition, Video, VideoStatus } from '../video';
import type { ListPosition, VideoStore } from '../video.store';
import { RenditionEntity } from './rendition.entity';
import { VideoEntity } from './video.entity';

const toVideo = (entity: VideoEntity): Video => ({
  id: entity.id,
  ownerId: entity.ownerId,
  title: entity.title,
  status: entity.status,
  sourceKey: entity.sourceKey,
  sourceSizeBytes: entity.sourceSizeBytes,
  error: entity.errorCode ? { code: entity.errorCode, message: entity.errorMessage ?? '' } : null,
  createdAt: entity.createdAt,
  updatedAt: entity.updatedAt,
});

/** Videos and renditions in the relational database (SQLite or PostgreSQL). */
export class TypeormVideoStore implements VideoStore {
  private readonly videos: Repository<VideoEntity>;
  private readonly renditions: Repository<RenditionEntity>;

  constructor(dataSource: DataSource) {
    this.videos = dataSource.getRepository(VideoEntity);
    this.renditions = dataSource.getRepository(RenditionEntity);
  }

  async create(video: Video): Promise<void> {
    const { error, ...fields } = video;
    await this.videos.insert({ ...fields, errorCode: error?.code ?? null, errorMessage: error?.message ?? null });
  }

  async findById(id: string): Promise<Video | undefined> {
    const entity = await this.videos.findOneBy({ id });
    return entity ? toVideo(entity) : undefined;
  }

  async listOwned(ownerId: string, limit: number, after?: ListPosition): Promise<Video[]> {
    const query = this.videos
      .createQueryBuilder('video')
      .where('video.owner_id = :ownerId', { ownerId })
      .orderBy('video.created_at', 'DESC')
      .addOrderBy('video.id', 'DESC')
      .limit(limit);
    if (after) {
      // Keyset pagination: stable while videos are added or removed, unlike offsets.
      query.andWhere('(video.created_at < :createdAt OR (video.created_at = :createdAt AND video.id < :id))', {
        createdAt: after.createdAt,
        id: after.id,
      });
    }
    return (await query.getMany()).map(toVideo);
  }

  async listIdsByStatus(status: VideoStatus, limit: number): Promise<string[]> {
    const videos = await this.videos.find({ select: { id: true }, where: { status }, order: { createdAt: 'ASC' }, take: limit });
    return videos.map((video) => video.id);
  }

  async renditionsOf(videoIds: readonly string[]): Promise<Map<string, Rendition[]>> {
    const byVideo = new Map<string, Rendition[]>(videoIds.map((id) => [id, []]));
    if (videoIds.length === 0) return byVideo;
    for (const rendition of await this.renditions.findBy({ videoId: In([...videoIds]) })) {
      byVideo.get(rendition.videoId)?.push({ ...rendition });
    }
    return byVideo;
  }

  async setStatus(id: string, status: VideoStatus, error: Failure | null, at: Date): Promise<boolean> {
    const result = await this.videos.update(
      { id },
      { status, errorCode: error?.code ?? null, errorMessage: error?.message.slice(0, 1000) ?? null, updatedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<void> {
    await this.videos.delete({ id });
  }
}
