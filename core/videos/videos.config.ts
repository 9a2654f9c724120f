import path from 'node:path';
import * as z from 'zod';
import { positiveIntVariable, readEnv } from '../config/read-env';

export interface VideosConfig {
  /** Largest upload accepted; larger ones get 413 payload_too_large. */
  readonly uploadLimitBytes: number;
  /** Root folder of the local object storage (the stand-in for S3). */
  readonly storageDir: string;
}

const schema = z.object({
  UPLOAD_LIMIT_BYTES: positiveIntVariable(1024 ** 3),
  STORAGE_DIR: z.string().min(1).optional(),
});

/** Reads UPLOAD_LIMIT_BYTES (default 1 GiB) and STORAGE_DIR (default `<data dir>/storage`). */
export function readVideosConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): VideosConfig {
  const vars = readEnv(schema, env);
  return { uploadLimitBytes: vars.UPLOAD_LIMIT_BYTES, storageDir: path.resolve(vars.STORAGE_DIR ?? path.join(dataDir, 'storage')) };
}
