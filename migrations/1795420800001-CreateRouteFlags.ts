import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateRouteFlags1795420800001 implements MigrationInterface {
  name = 'CreateRouteFlags1795420800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    // No row means "legacy": a capability nobody has flipped is served by the monolith.
    await queryRunner.createTable(
      new Table({
        name: 'route_flags',
        columns: [
          { name: 'scope', type: 'varchar', length: '16', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'version', type: 'integer' },
          { name: 'updated_at', type: types.timestamp },
          { name: 'updated_by', type: 'varchar', length: '200' },
        ],
        checks: [{ name: 'CHK_route_flags_scope', expression: "scope IN ('capability', 'route')" }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'flag_changes',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'scope', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'from_state', type: 'varchar', length: '16' },
          { name: 'to_state', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'actor', type: 'varchar', length: '200' },
          { name: 'changed_at', type: types.timestamp },
        ],
      }),
    );
    await queryRunner.createIndex('flag_changes', new TableIndex({ name: 'IDX_flag_changes_flag', columnNames: ['scope', 'name'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('flag_changes', 'IDX_flag_changes_flag');
    await queryRunner.dropTable('flag_changes');
    await queryRunner.dropTable('route_flags');
  }
}
