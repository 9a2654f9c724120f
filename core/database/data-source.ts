import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { UserEntity } from '../auth/adapters/user.entity';
import { DashboardSessionEntity } from '../dashboard-sessions/adapters/dashboard-session.entity';
import { DeadLetterEntity } from '../events/adapters/dead-letter.entity';
import { FlagChangeEntity } from '../flags/adapters/flag-change.entity';
import { RouteFlagEntity } from '../flags/adapters/route-flag.entity';
import { VideoMetadataEntity } from '../metadata/adapters/video-metadata.entity';
import { DeliveryEntity } from '../notifications/adapters/delivery.entity';
import { SubscriptionEntity } from '../notifications/adapters/subscription.entity';
import { VideoEventEntity } from '../pipeline/adapters/video-event.entity';
import { ParityMismatchEntity } from '../rollout/parity/adapters/parity-mismatch.entity';
import { ParityStatEntity } from '../rollout/parity/adapters/parity-stat.entity';
import { RouteStatsEntity } from '../rollout/stats/adapters/route-stats.entity';
import { TranscodeJobEntity } from '../transcoding/adapters/transcode-job.entity';
import { RenditionEntity } from '../videos/adapters/rendition.entity';
import { VideoEntity } from '../videos/adapters/video.entity';
import type { DatabaseConfig } from './database.config';

const entities = [
  UserEntity,
  RouteFlagEntity,
  FlagChangeEntity,
  VideoEntity,
  RenditionEntity,
  TranscodeJobEntity,
  VideoMetadataEntity,
  SubscriptionEntity,
  DeliveryEntity,
  VideoEventEntity,
  DeadLetterEntity,
  ParityStatEntity,
  ParityMismatchEntity,
  RouteStatsEntity,
  DashboardSessionEntity,
];

export interface DataSourceSettings {
  /** Connections in the PostgreSQL pool; a Lambda container needs very few. */
  readonly poolSize?: number;
}

/**
 * The one data source module of the platform, used by every process, the migration CLI and tests.
 * PostgreSQL when DATABASE_URL is set, else the embedded SQLite file.
 */
export function createDataSource(config: DatabaseConfig, settings: DataSourceSettings = {}): DataSource {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (config.databaseUrl) {
    const options: DataSourceOptions = {
      type: 'postgres',
      url: config.databaseUrl,
      ...common,
      extra: {
        max: settings.poolSize ?? 10,
        connectionTimeoutMillis: 5_000,
        // A request must never hang on the database: cap every statement.
        statement_timeout: 10_000,
      },
    };
    return new DataSource(options);
  }
  mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  return new DataSource({
    type: 'better-sqlite3',
    database: config.sqlitePath,
    // Several processes share the file: WAL lets readers run beside the one writer, and the
    // busy timeout makes a writer wait for the lock instead of failing at once.
    enableWAL: true,
    timeout: 5_000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
    ...common,
  });
}
