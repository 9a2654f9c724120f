import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateTranscodeJobs1795420800003 implements MigrationInterface {
  name = 'CreateTranscodeJobs1795420800003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'transcode_jobs',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'video_id', type: types.uuid },
          { name: 'status', type: 'varchar', length: '16' },
          // JSON array of preset ids, in the order they are encoded.
          { name: 'presets', type: 'varchar', length: '200' },
          { name: 'progress', type: 'integer' },
          { name: 'attempts', type: 'integer' },
          // Set for jobs created by an event (e.g. "upload:<video id>"), so a redelivered event creates nothing.
          { name: 'idempotency_key', type: 'varchar', length: '100', isNullable: true },
          { name: 'error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'error_message', type: 'varchar', length: '1000', isNullable: true },
          { name: 'created_at', type: types.timestamp },
          { name: 'started_at', type: types.timestamp, isNullable: true },
          { name: 'completed_at', type: types.timestamp, isNullable: true },
        ],
        checks: [{ name: 'CHK_transcode_jobs_status', expression: "status IN ('queued', 'processing', 'complete', 'failed')" }],
        foreignKeys: [{ name: 'FK_transcode_jobs_video', columnNames: ['video_id'], referencedTableName: 'videos', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createIndex('transcode_jobs', new TableIndex({ name: 'UQ_transcode_jobs_idempotency', columnNames: ['idempotency_key'], isUnique: true }));
    // At most one running job per video, even when two requests race: the database decides.
    await queryRunner.createIndex(
      'transcode_jobs',
      new TableIndex({ name: 'UQ_transcode_jobs_active', columnNames: ['video_id'], isUnique: true, where: "status IN ('queued', 'processing')" }),
    );
    await queryRunner.createIndex('transcode_jobs', new TableIndex({ name: 'IDX_transcode_jobs_status', columnNames: ['status', 'created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('transcode_jobs', 'IDX_transcode_jobs_status');
    await queryRunner.dropIndex('transcode_jobs', 'UQ_transcode_jobs_active');
    await queryRunner.dropIndex('transcode_jobs', 'UQ_transcode_jobs_idempotency');
    await queryRunner.dropTable('transcode_jobs');
  }
}
