import { generateKeyPairSync } from 'node:crypto';
import type { AuthConfig } from '../../core/auth/auth.config';

/** A fresh Ed25519 key pair as PEM, as an operator would configure it. */
export function generateTestKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Auth settings for tests: real keys and algorithms; only scrypt's cost is lowered, for speed. */
export function testAuthConfig(keys = generateTestKeys()): AuthConfig {
  return { ...keys, issuer: '24-hour-video', audience: '24-hour-video-api', tokenTtlSeconds: 3600, passwordLog2Cost: 10 };
}

/** The same settings as environment variables, for processes (Lambda hosts) started by a test. */
export function authEnv(config: AuthConfig): Record<string, string> {
  return {
    JWT_PRIVATE_KEY: config.privateKeyPem!,
    JWT_PUBLIC_KEY: config.publicKeyPem!,
    JWT_ISSUER: config.issuer,
    JWT_AUDIENCE: config.audience,
    TOKEN_TTL_SECONDS: String(config.tokenTtlSeconds),
    PASSWORD_SCRYPT_LOG2_COST: String(config.passwordLog2Cost),
  };
}
