import { In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import { VideoMetadataEntity } from '../../metadata/adapters/video-metadata.entity';
import type { VideoEvent } from '../../notifications/video-event';
import { TranscodeJobEntity } from '../../transcoding/adapters/transcode-job.entity';
import { RenditionEntity } from '../../videos/adapters/rendition.entity';
import { VideoEntity } from '../../videos/adapters/video.entity';
import type { Failure } from '../../videos/video';
import { toVideoView } from '../../videos/video-view';
import { decideOutcome, type VideoOutcome } from '../settlement';
import type { VideoSettler } from '../video-settler';
import { VideoEventEntity } from './video-event.entity';

const inProcessing = In(['uploaded', 'transcoding']);

const toVideoEvent = (row: VideoEventEntity): VideoEvent => ({
  key: row.eventKey,
  name: row.event,
  ownerId: row.ownerId,
  videoId: row.videoId,
  occurredAt: row.occurredAt,
  video: JSON.parse(row.video) as VideoEvent['video'],
});

/** Settles videos in the relational database; see VideoSettler. */
export class TypeormVideoSettler implements VideoSettler {
  constructor(private readonly dataSource: DataSource) {}

  settle(videoId: string, at: Date): Promise<VideoEvent | undefined> {
    return this.inVideoTransaction(videoId, at, async (manager) => {
      const job = await manager.findOne(TranscodeJobEntity, { where: { videoId }, order: { createdAt: 'DESC', id: 'DESC' } });
      const metadata = await manager.findOneBy(VideoMetadataEntity, { videoId });
      const renditions = await manager.findBy(RenditionEntity, { videoId });
      const outcome = decideOutcome({
        job: job ? { id: job.id, status: job.status, error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null } : undefined,
        metadata: metadata ?? undefined,
        renditionStatuses: renditions.map((rendition) => rendition.status),
      });
      return outcome && { outcome, occurrence: job!.id };
    });
  }

  fail(videoId: string, error: Failure, at: Date): Promise<VideoEvent | undefined> {
    return this.inVideoTransaction(videoId, at, async (manager) => {
      const job = await manager.findOne(TranscodeJobEntity, { where: { videoId }, order: { createdAt: 'DESC', id: 'DESC' } });
      // No job yet: queueing it would take the video back into processing, and its failure would
      // announce a second outcome. The job's own end settles the video instead.
      if (!job) return undefined;
      // A failed video has no rendition still to come, whatever its job still does.
      await manager.update(RenditionEntity, { videoId, status: 'pending' }, { status: 'failed', updatedAt: at });
      return { outcome: { status: 'failed', error }, occurrence: job.id };
    });
  }

  async unannounced(before: Date, limit: number): Promise<VideoEvent[]> {
    const rows = await this.dataSource.getRepository(VideoEventEntity).find({ where: { fannedOutAt: IsNull(), occurredAt: LessThan(before) }, order: { occurredAt: 'ASC' }, take: limit });
    return rows.map(toVideoEvent);
  }

  /**
   * Runs `decide` holding the row of a video still in processing, then records its outcome and
   * event. The first statement writes: it takes the row lock on PostgreSQL and the write lock on
   * SQLite, so a concurrent settlement waits and then finds the video settled.
   */
  private inVideoTransaction(
    videoId: string,
    at: Date,
    decide: (manager: EntityManager) => Promise<{ outcome: VideoOutcome; occurrence: string } | undefined>,
  ): Promise<VideoEvent | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      const held = await manager
        .createQueryBuilder()
        .update(VideoEntity)
        .set({ updatedAt: () => 'updated_at' })
        .where({ id: videoId, status: inProcessing })
        .execute();
      if ((held.affected ?? 0) === 0) return undefined;
      const decision = await decide(manager);
      if (!decision) return undefined;
      return this.record(manager, videoId, decision.outcome, decision.occurrence, at);
    });
  }

  private async record(manager: EntityManager, videoId: string, outcome: VideoOutcome, occurrence: string, at: Date): Promise<VideoEvent> {
    const error = outcome.status === 'failed' ? { code: outcome.error.code, message: outcome.error.message.slice(0, 1000) } : null;
    await manager.update(VideoEntity, { id: videoId }, { status: outcome.status, errorCode: error?.code ?? null, errorMessage: error?.message ?? null, updatedAt: at });
    const { errorCode: _code, errorMessage: _message, ...video } = await manager.findOneByOrFail(VideoEntity, { id: videoId });
    const view = toVideoView({ ...video, error }, await manager.findBy(RenditionEntity, { videoId }));
    const name = outcome.status === 'ready' ? 'video.ready' : 'video.failed';
    const event: VideoEvent = { key: `${name}:${videoId}:${occurrence}`, name, ownerId: video.ownerId, videoId, occurredAt: at, video: { ...view } };
    await manager
      .createQueryBuilder()
      .insert()
      .into(VideoEventEntity)
      .values({ eventKey: event.key, event: name, ownerId: event.ownerId, videoId, video: JSON.stringify(view), occurredAt: at, fannedOutAt: null })
      .orIgnore()
      .execute();
    return event;
  }
}
