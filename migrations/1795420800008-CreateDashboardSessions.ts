import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateDashboardSessions1795420800008 implements MigrationInterface {
  name = 'CreateDashboardSessions1795420800008';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    // Shared by every proxy instance: a session held in one process's memory was unknown to the others.
    await queryRunner.createTable(
      new Table({
        name: 'dashboard_sessions',
        columns: [
          // SHA-256 (hex) of the cookie's random id.
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'actor', type: 'varchar', length: '200' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          { name: 'created_at', type: types.timestamp },
          { name: 'expires_at', type: types.timestamp },
        ],
      }),
    );
    await queryRunner.createIndex('dashboard_sessions', new TableIndex({ name: 'IDX_dashboard_sessions_created', columnNames: ['created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dashboard_sessions', 'IDX_dashboard_sessions_created');
    await queryRunner.dropTable('dashboard_sessions');
  }
}
