import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateEventPipeline1795420800006 implements MigrationInterface {
  name = 'CreateEventPipeline1795420800006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    // The pipeline's outbox: a video's outcome is written here with its status, then announced;
    // notifications marks it fanned out. An announcement lost in between is announced again.
    await queryRunner.createTable(
      new Table({
        name: 'video_events',
        columns: [
          // "video.ready:<video>:<job>": one occurrence, whoever records or replays it.
          { name: 'event_key', type: 'varchar', length: '150', isPrimary: true },
          { name: 'event', type: 'varchar', length: '32' },
          // No foreign keys: an event outlives its video, as its deliveries do.
          { name: 'owner_id', type: types.uuid },
          { name: 'video_id', type: types.uuid },
          // The Video JSON as the customer saw it at that moment.
          { name: 'video', type: 'text' },
          { name: 'occurred_at', type: types.timestamp },
          { name: 'fanned_out_at', type: types.timestamp, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('video_events', new TableIndex({ name: 'IDX_video_events_unfanned', columnNames: ['fanned_out_at', 'occurred_at'] }));
    // Asynchronous invocations that failed every attempt: the local on-failure destination.
    await queryRunner.createTable(
      new Table({
        name: 'dead_letters',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'function_name', type: 'varchar', length: '64' },
          { name: 'payload', type: 'text' },
          { name: 'error_type', type: 'varchar', length: '200' },
          { name: 'error_message', type: 'varchar', length: '2000' },
          { name: 'attempts', type: 'integer' },
          { name: 'failed_at', type: types.timestamp },
          { name: 'replayed_at', type: types.timestamp, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('dead_letters', new TableIndex({ name: 'IDX_dead_letters_failed', columnNames: ['failed_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dead_letters', 'IDX_dead_letters_failed');
    await queryRunner.dropTable('dead_letters');
    await queryRunner.dropIndex('video_events', 'IDX_video_events_unfanned');
    await queryRunner.dropTable('video_events');
  }
}
