import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateVideoMetadata1795420800004 implements MigrationInterface {
  name = 'CreateVideoMetadata1795420800004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'video_metadata',
        columns: [
          { name: 'video_id', type: types.uuid, isPrimary: true },
          { name: 'duration_seconds', type: types.double },
          { name: 'size_bytes', type: types.bigint },
          { name: 'bit_rate', type: types.bigint },
          { name: 'format_name', type: 'varchar', length: '100' },
          // The first video and audio streams; null when the file has none of that kind.
          { name: 'video_codec', type: 'varchar', length: '50', isNullable: true },
          { name: 'width', type: 'integer', isNullable: true },
          { name: 'height', type: 'integer', isNullable: true },
          { name: 'frame_rate', type: types.double, isNullable: true },
          { name: 'pixel_format', type: 'varchar', length: '50', isNullable: true },
          { name: 'audio_codec', type: 'varchar', length: '50', isNullable: true },
          { name: 'sample_rate', type: 'integer', isNullable: true },
          { name: 'channels', type: 'integer', isNullable: true },
          { name: 'extracted_at', type: types.timestamp },
        ],
        foreignKeys: [{ name: 'FK_video_metadata_video', columnNames: ['video_id'], referencedTableName: 'videos', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('video_metadata');
  }
}
