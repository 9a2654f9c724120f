import path from 'node:path';
import * as z from 'zod';
import { readEnv } from '../config/read-env';

export interface DatabaseConfig {
  /** Folder of the embedded state: SQLite file, keys, local secrets. Git-ignored. */
  readonly dataDir: string;
  /** PostgreSQL connection URL; when absent, the embedded SQLite file is used. */
  readonly databaseUrl?: string;
  readonly sqlitePath: string;
}

const schema = z.object({
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL (leave unset for the embedded SQLite database)')
    .optional(),
});

/** Reads DATA_DIR and DATABASE_URL. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const vars = readEnv(schema, env);
  const dataDir = path.resolve(vars.DATA_DIR);
  return { dataDir, databaseUrl: vars.DATABASE_URL, sqlitePath: path.join(dataDir, '24hv.sqlite') };
}
