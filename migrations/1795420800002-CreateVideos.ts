import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateVideos1795420800002 implements MigrationInterface {
  name = 'CreateVideos1795420800002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'videos',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'owner_id', type: types.uuid },
          { name: 'title', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'source_key', type: 'varchar', length: '512' },
          { name: 'source_size_bytes', type: types.bigint },
          { name: 'error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'error_message', type: 'varchar', length: '1000', isNullable: true },
          { name: 'created_at', type: types.timestamp },
          { name: 'updated_at', type: types.timestamp },
        ],
        checks: [{ name: 'CHK_videos_status', expression: "status IN ('uploaded', 'transcoding', 'ready', 'failed')" }],
        foreignKeys: [{ name: 'FK_videos_owner', columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    // Serves "the caller's videos, newest first" with keyset pagination.
    await queryRunner.createIndex('videos', new TableIndex({ name: 'IDX_videos_owner_created', columnNames: ['owner_id', 'created_at', 'id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'renditions',
        columns: [
          { name: 'video_id', type: types.uuid, isPrimary: true },
          { name: 'preset', type: 'varchar', length: '16', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          // The job whose outputs the rendition points at: outputs live under job-specific keys.
          { name: 'job_id', type: types.uuid, isNullable: true },
          { name: 'storage_key', type: 'varchar', length: '512', isNullable: true },
          { name: 'width', type: 'integer', isNullable: true },
          { name: 'height', type: 'integer', isNullable: true },
          { name: 'bitrate_kbps', type: 'integer', isNullable: true },
          { name: 'size_bytes', type: types.bigint, isNullable: true },
          { name: 'updated_at', type: types.timestamp },
        ],
        checks: [{ name: 'CHK_renditions_status', expression: "status IN ('pending', 'ready', 'failed', 'skipped')" }],
        foreignKeys: [{ name: 'FK_renditions_video', columnNames: ['video_id'], referencedTableName: 'videos', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('renditions');
    await queryRunner.dropIndex('videos', 'IDX_videos_owner_created');
    await queryRunner.dropTable('videos');
  }
}
