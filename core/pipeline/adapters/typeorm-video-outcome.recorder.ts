import type { DataSource } from 'typeorm';
import { enqueueDeliveries } from '../../notifications/adapters/typeorm-outbox';
import { RenditionEntity } from '../../videos/adapters/rendition.entity';
import { VideoEntity } from '../../videos/adapters/video.entity';
import { toVideoView, type VideoView } from '../../videos/video-view';
import type { VideoOutcome, VideoOutcomeRecorder } from '../video-outcome.recorder';
import { inTransaction } from '../../database/transaction';

/** Video status and delivery outbox in one database transaction. */
export class TypeormVideoOutcomeRecorder implements VideoOutcomeRecorder {
  constructor(private readonly dataSource: DataSource) {}

  async record(videoId: string, outcome: VideoOutcome, eventKey: string, at: Date): Promise<VideoView | undefined> {
    const error = outcome.status === 'failed' ? { code: outcome.error.code, message: outcome.error.message.slice(0, 1000) } : null;
    return inTransaction(this.dataSource, async (manager) => {
      // Write first: on SQLite a transaction that reads before its first write fails outright
      // (SQLITE_BUSY_SNAPSHOT) when another process commits in between.
      const changes = { status: outcome.status, errorCode: error?.code ?? null, errorMessage: error?.message ?? null, updatedAt: at };
      const updated = await manager.update(VideoEntity, { id: videoId }, changes);
      if ((updated.affected ?? 0) === 0) return undefined;
      const { errorCode: _code, errorMessage: _message, ...video } = await manager.findOneByOrFail(VideoEntity, { id: videoId });
      const view = toVideoView({ ...video, error }, await manager.findBy(RenditionEntity, { videoId }));
      const name = outcome.status === 'ready' ? 'video.ready' : 'video.failed';
      await enqueueDeliveries(manager, { key: eventKey, name, ownerId: video.ownerId, videoId, occurredAt: at, video: { ...view } });
      return view;
    });
  }
}
