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
    return inTransaction(this.dataSource, async (manager) => {
      const entity = await manager.findOneBy(VideoEntity, { id: videoId });
      if (!entity) return undefined;
      const error = outcome.status === 'failed' ? outcome.error : null;
      const changes = { status: outcome.status, errorCode: error?.code ?? null, errorMessage: error?.message.slice(0, 1000) ?? null, updatedAt: at };
      await manager.update(VideoEntity, { id: videoId }, changes);
      const renditions = await manager.findBy(RenditionEntity, { videoId });
      const { errorCode: _code, errorMessage: _message, ...video } = { ...entity, ...changes };
      const view = toVideoView({ ...video, error }, renditions);
      const name = outcome.status === 'ready' ? 'video.ready' : 'video.failed';
      await enqueueDeliveries(manager, { key: eventKey, name, ownerId: entity.ownerId, videoId, occurredAt: at, video: { ...view } });
      return view;
    });
  }
}
