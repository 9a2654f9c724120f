import type { QueryRunner } from 'typeorm';

/**
 * The few column types that differ between the two engines. Everything else the migrations use
 * (varchar, integer, text) means the same on SQLite and PostgreSQL.
 */
export function columnTypes(queryRunner: QueryRunner): { uuid: string; timestamp: string; bigint: string; double: string } {
  return queryRunner.connection.options.type === 'postgres'
    ? { uuid: 'uuid', timestamp: 'timestamptz', bigint: 'bigint', double: 'double precision' }
    : { uuid: 'varchar(36)', timestamp: 'datetime', bigint: 'integer', double: 'real' };
}
