import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { positiveIntVariable, readEnv } from '../config/read-env';

/** x264 speed presets, fastest first: faster encodes, larger files at the same quality. */
const encoderSpeeds = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export type EncoderSpeed = (typeof encoderSpeeds)[number];

export interface TranscodingConfig {
  /** Encodes (ffmpeg processes) run at once by one worker process, across its jobs. */
  readonly concurrency: number;
  readonly encoderSpeed: EncoderSpeed;
  /** Starts of one job (crashes included) before it is failed. */
  readonly maxAttempts: number;
  readonly pollIntervalMs: number;
  /** Where encoders write before outputs are stored. */
  readonly scratchDir: string;
}

const schema = z.object({
  TRANSCODE_CONCURRENCY: positiveIntVariable(os.availableParallelism()),
  TRANSCODE_SPEED: z.enum(encoderSpeeds).default('veryfast'),
  TRANSCODE_MAX_ATTEMPTS: positiveIntVariable(3),
  // Jobs are queued by other processes too (the Lambdas): the worker looks often, as the query is cheap.
  TRANSCODE_POLL_MS: positiveIntVariable(100),
  TRANSCODE_SCRATCH_DIR: z.string().min(1).optional(),
});

/** Reads the TRANSCODE_* settings (concurrency defaults to the number of cores). */
export function readTranscodingConfig(env: NodeJS.ProcessEnv = process.env): TranscodingConfig {
  const vars = readEnv(schema, env);
  return {
    concurrency: vars.TRANSCODE_CONCURRENCY,
    encoderSpeed: vars.TRANSCODE_SPEED,
    maxAttempts: vars.TRANSCODE_MAX_ATTEMPTS,
    pollIntervalMs: vars.TRANSCODE_POLL_MS,
    scratchDir: path.resolve(vars.TRANSCODE_SCRATCH_DIR ?? path.join(os.tmpdir(), '24hv-transcode')),
  };
}
