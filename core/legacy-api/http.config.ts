import * as z from 'zod';
import { positiveIntVariable, readEnv } from '../config/read-env';
import { defaultJsonBodyLimitBytes } from './json-body';

export interface HttpConfig {
  /** Largest JSON request body accepted; larger ones get 413 payload_too_large. */
  readonly jsonBodyLimitBytes: number;
}

const schema = z.object({ JSON_BODY_LIMIT_BYTES: positiveIntVariable(defaultJsonBodyLimitBytes) });

/** Reads JSON_BODY_LIMIT_BYTES: the same limit applies on every side that serves the legacy API. */
export function readHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  return { jsonBodyLimitBytes: readEnv(schema, env).JSON_BODY_LIMIT_BYTES };
}
