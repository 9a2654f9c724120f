import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ConfigError, positiveIntVariable, readEnv } from '../config/read-env';

export interface AuthConfig {
  /** PKCS#8 PEM of the Ed25519 signing key; only processes that issue tokens need it. */
  readonly privateKeyPem?: string;
  /** SPKI PEM of the verification key (derived from the private key when not given). */
  readonly publicKeyPem?: string;
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlSeconds: number;
  /** log2 of scrypt's N; 15 in production, lower only to make test suites fast. */
  readonly passwordLog2Cost: number;
}

const schema = z.object({
  JWT_PRIVATE_KEY: z.string().min(1).optional(),
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  JWT_PUBLIC_KEY: z.string().min(1).optional(),
  JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).default('24-hour-video'),
  JWT_AUDIENCE: z.string().min(1).default('24-hour-video-api'),
  TOKEN_TTL_SECONDS: positiveIntVariable(3600),
  PASSWORD_SCRYPT_LOG2_COST: z.coerce.number().int().min(10).max(20).default(15),
});

function readPem(inline: string | undefined, file: string | undefined, variable: string): string | undefined {
  if (inline) return inline.replace(/\\n/g, '\n');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${variable}_FILE: cannot read ${file} (${(error as Error).message})`);
  }
}

/** Reads the JWT keys and settings; at least one key (private or public) must be configured. */
export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const vars = readEnv(schema, env);
  const privateKeyPem = readPem(vars.JWT_PRIVATE_KEY, vars.JWT_PRIVATE_KEY_FILE, 'JWT_PRIVATE_KEY');
  const publicKeyPem = readPem(vars.JWT_PUBLIC_KEY, vars.JWT_PUBLIC_KEY_FILE, 'JWT_PUBLIC_KEY');
  if (!privateKeyPem && !publicKeyPem) {
    throw new ConfigError(
      'Invalid configuration: JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE, or JWT_PRIVATE_KEY[_FILE]) is required to verify tokens; `npm start` generates a local pair into the data folder',
    );
  }
  return {
    privateKeyPem,
    publicKeyPem,
    issuer: vars.JWT_ISSUER,
    audience: vars.JWT_AUDIENCE,
    tokenTtlSeconds: vars.TOKEN_TTL_SECONDS,
    passwordLog2Cost: vars.PASSWORD_SCRYPT_LOG2_COST,
  };
}
