import type { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import { VideoEventEntity } from '../../pipeline/adapters/video-event.entity';
import type { VideoEventFanOut } from '../video-event-fan-out';
import { enqueueDeliveries } from './typeorm-outbox';

/** Fans recorded video events out to the outbox in the relational database. */
export class TypeormVideoEventFanOut implements VideoEventFanOut {
  constructor(private readonly dataSource: DataSource) {}

  fanOut(eventKey: string, at: Date): Promise<number | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      // Write first (SQLite's write lock, PostgreSQL's row lock): a concurrent fan-out of the same
      // event waits here, then finds the deliveries this one created.
      const marked = await manager.update(VideoEventEntity, { eventKey }, { fannedOutAt: at });
      if ((marked.affected ?? 0) === 0) return undefined;
      const row = await manager.findOneByOrFail(VideoEventEntity, { eventKey });
      const video = JSON.parse(row.video) as { title: string } & Record<string, unknown>;
      return enqueueDeliveries(manager, { key: row.eventKey, name: row.event, ownerId: row.ownerId, videoId: row.videoId, occurredAt: row.occurredAt, video });
    });
  }
}
