import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateNotifications1795420800005 implements MigrationInterface {
  name = 'CreateNotifications1795420800005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'owner_id', type: types.uuid },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'target', type: 'varchar', length: '2048' },
          // JSON array of event names.
          { name: 'events', type: 'varchar', length: '200' },
          // The webhook signing secret; null for e-mail.
          { name: 'secret', type: 'varchar', length: '128', isNullable: true },
          { name: 'created_at', type: types.timestamp },
        ],
        checks: [{ name: 'CHK_subscriptions_channel', expression: "channel IN ('webhook', 'email')" }],
        foreignKeys: [{ name: 'FK_subscriptions_owner', columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createIndex('subscriptions', new TableIndex({ name: 'IDX_subscriptions_owner', columnNames: ['owner_id', 'created_at'] }));
    // The outbox: rows are written in the transaction that changes the video, then sent.
    await queryRunner.createTable(
      new Table({
        name: 'deliveries',
        columns: [
          { name: 'id', type: types.uuid, isPrimary: true },
          { name: 'subscription_id', type: types.uuid },
          { name: 'owner_id', type: types.uuid },
          { name: 'event', type: 'varchar', length: '32' },
          // One occurrence of an event ("video.ready:<video>:<job>"): a replayed event adds no second delivery.
          { name: 'event_key', type: 'varchar', length: '150' },
          // No foreign key: the delivery history outlives a deleted video.
          { name: 'video_id', type: types.uuid },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer' },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          // The exact JSON body sent, so every retry carries the same bytes.
          { name: 'payload', type: 'text' },
          { name: 'next_attempt_at', type: types.timestamp },
          // A sender claims a row until then; a crashed sender's claim simply expires.
          { name: 'locked_until', type: types.timestamp, isNullable: true },
          { name: 'created_at', type: types.timestamp },
          { name: 'delivered_at', type: types.timestamp, isNullable: true },
        ],
        checks: [{ name: 'CHK_deliveries_status', expression: "status IN ('pending', 'delivered', 'failed')" }],
        foreignKeys: [{ name: 'FK_deliveries_subscription', columnNames: ['subscription_id'], referencedTableName: 'subscriptions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createIndex('deliveries', new TableIndex({ name: 'UQ_deliveries_event', columnNames: ['subscription_id', 'event_key'], isUnique: true }));
    await queryRunner.createIndex('deliveries', new TableIndex({ name: 'IDX_deliveries_owner', columnNames: ['owner_id', 'created_at'] }));
    await queryRunner.createIndex('deliveries', new TableIndex({ name: 'IDX_deliveries_due', columnNames: ['status', 'next_attempt_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('deliveries', 'IDX_deliveries_due');
    await queryRunner.dropIndex('deliveries', 'IDX_deliveries_owner');
    await queryRunner.dropIndex('deliveries', 'UQ_deliveries_event');
    await queryRunner.dropTable('deliveries');
    await queryRunner.dropIndex('subscriptions', 'IDX_subscriptions_owner');
    await queryRunner.dropTable('subscriptions');
  }
}
