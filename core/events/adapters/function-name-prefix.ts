import * as z from 'zod';
import { readEnv } from '../../config/read-env';

const schema = z.object({
  LAMBDA_FUNCTION_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'expected letters, digits, hyphens and underscores, as Lambda function names allow (e.g. 24hv-prod-)')
    .default(''),
});

/**
 * Reads LAMBDA_FUNCTION_PREFIX: what the deployment puts before every registry name (empty
 * locally). Read where the Lambda client is made, so every process that invokes functions
 * (proxy, monolith, functions) follows it without each composition root passing it on.
 */
export function readFunctionNamePrefix(env: NodeJS.ProcessEnv = process.env): string {
  return readEnv(schema, env).LAMBDA_FUNCTION_PREFIX;
}
