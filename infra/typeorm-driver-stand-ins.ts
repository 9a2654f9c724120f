/**
 * What a function bundle holds in place of the TypeORM drivers no function uses: functions connect
 * to PostgreSQL (DATABASE_URL) or to the embedded SQLite database, and the other fifteen drivers made
 * up about 1 MB of every bundle, parsed on each cold start. Each export stands in for the driver class
 * of its name (see leave-out-typeorm-drivers.ts): connecting with one fails with a clear error.
 */
function standIn(type: string) {
  return class LeftOutDriver {
    constructor() {
      throw new Error(`TypeORM's ${type} driver is left out of function bundles: functions connect to PostgreSQL or better-sqlite3`);
    }
  };
}

export const AuroraMysqlDriver = standIn('aurora-mysql');
export const AuroraPostgresDriver = standIn('aurora-postgres');
export const CapacitorDriver = standIn('capacitor');
export const CockroachDriver = standIn('cockroachdb');
export const CordovaDriver = standIn('cordova');
export const ExpoDriver = standIn('expo');
export const MongoDriver = standIn('mongodb');
export const MysqlDriver = standIn('mysql/mariadb');
export const NativescriptDriver = standIn('nativescript');
export const OracleDriver = standIn('oracle');
export const ReactNativeDriver = standIn('react-native');
export const SapDriver = standIn('sap');
export const SpannerDriver = standIn('spanner');
export const SqljsDriver = standIn('sqljs');
export const SqlServerDriver = standIn('mssql');
