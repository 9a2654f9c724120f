import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateProgressiveDelivery1795420800007 implements MigrationInterface {
  name = 'CreateProgressiveDelivery1795420800007';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    // The states between legacy and lambda: the canary's share, the reverse shadow, a ramp plan.
    await queryRunner.addColumns('route_flags', [
      new TableColumn({ name: 'canary_percent', type: 'integer', default: 0 }),
      new TableColumn({ name: 'reverse_shadow', type: 'boolean', default: false }),
      // JSON RampPlan, or null when no ramp runs.
      new TableColumn({ name: 'ramp', type: 'text', isNullable: true }),
    ]);
    // What the audit keeps of a change beyond its states: the share, whether a gate was forced, the evidence.
    await queryRunner.addColumns('flag_changes', [
      new TableColumn({ name: 'to_percent', type: 'integer', default: 0 }),
      new TableColumn({ name: 'forced', type: 'boolean', default: false }),
      new TableColumn({ name: 'evidence', type: 'text', isNullable: true }),
    ]);
    // Requests per minute, route and target, one row per proxy instance (each writes its own
    // running totals; readers add them up, histograms included).
    await queryRunner.createTable(
      new Table({
        name: 'route_stats',
        columns: [
          { name: 'minute', type: types.timestamp, isPrimary: true },
          { name: 'route_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'target', type: 'varchar', length: '16', isPrimary: true },
          { name: 'instance_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'requests', type: 'integer' },
          { name: 'errors', type: 'integer' },
          { name: 'latency_sum_ms', type: types.double },
          // JSON array of counts per latency bucket (core/rollout/latency-histogram.ts).
          { name: 'latency_buckets', type: 'text' },
          { name: 'request_bytes', type: types.bigint },
          { name: 'response_bytes', type: types.bigint },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'parity_stats',
        columns: [
          { name: 'minute', type: types.timestamp, isPrimary: true },
          { name: 'route_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'instance_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'compared', type: 'integer' },
          { name: 'matched', type: 'integer' },
          // Mirrors not sent because the shadow queue was full.
          { name: 'dropped', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'parity_mismatches',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'route_id', type: 'varchar', length: '100' },
          { name: 'observed_at', type: types.timestamp },
          { name: 'request_id', type: 'varchar', length: '100' },
          { name: 'method', type: 'varchar', length: '8' },
          { name: 'path', type: 'varchar', length: '2000' },
          // JSON: [{ path, primary, shadow }] after normalization.
          { name: 'differences', type: 'text' },
          // JSON: { target, status, headers, body (trimmed) } of each side.
          { name: 'primary_response', type: 'text' },
          { name: 'shadow_response', type: 'text' },
        ],
      }),
    );
    await queryRunner.createIndex('parity_mismatches', new TableIndex({ name: 'IDX_parity_mismatches_route', columnNames: ['route_id', 'observed_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('parity_mismatches', 'IDX_parity_mismatches_route');
    await queryRunner.dropTable('parity_mismatches');
    await queryRunner.dropTable('parity_stats');
    await queryRunner.dropTable('route_stats');
    await queryRunner.dropColumns('flag_changes', ['to_percent', 'forced', 'evidence']);
    await queryRunner.dropColumns('route_flags', ['canary_percent', 'reverse_shadow', 'ramp']);
  }
}
