import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateUsers1795420800000 implements MigrationInterface {
  name = 'CreateUsers1795420800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          // Stored lower-cased by the application; unique, so one account per address.
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'created_at', type: types.timestamp },
        ],
        checks: [{ name: 'CHK_users_role', expression: "role IN ('user', 'admin')" }],
      }),
    );
    await queryRunner.createIndex('users', new TableIndex({ name: 'UQ_users_email', columnNames: ['email'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'UQ_users_email');
    await queryRunner.dropTable('users');
  }
}
