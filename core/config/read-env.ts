import * as z from 'zod';

/** Configuration that cannot start the process; the message names the variable to fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates environment variables once, at startup, and fails fast naming each bad variable. */
export function readEnv<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** A TCP port from the environment, 0 meaning "any free port". */
export const portVariable = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** A positive integer from the environment. */
export const positiveIntVariable = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** An http(s) URL from the environment, stored without a trailing slash. */
export const urlVariable = () =>
  z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));
