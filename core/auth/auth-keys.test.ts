import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/read-env';
import type { AuthConfig } from './auth.config';
import { loadAuthKeys } from './auth-keys';

const pem = (kind: 'ed25519' | 'rsa') => {
  const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const config = (keys: Partial<AuthConfig>): AuthConfig => ({ issuer: 'i', audience: 'a', tokenTtlSeconds: 60, passwordLog2Cost: 10, ...keys });

describe('loadAuthKeys', () => {
  it('derives the public key and a stable key id from the private key', async () => {
    const keys = pem('ed25519');
    const fromPrivate = await loadAuthKeys(config({ privateKeyPem: keys.privateKeyPem }));
    const fromPublic = await loadAuthKeys(config({ publicKeyPem: keys.publicKeyPem }));
    expect(fromPrivate.keyId).toBe(fromPublic.keyId);
    expect(fromPublic.privateKey).toBeUndefined();
  });

  it('refuses a key that is not Ed25519', async () => {
    await expect(loadAuthKeys(config({ privateKeyPem: pem('rsa').privateKeyPem }))).rejects.toThrow(/must be an Ed25519 key/);
  });

  it('refuses a public key that does not belong to the private key', async () => {
    await expect(loadAuthKeys(config({ privateKeyPem: pem('ed25519').privateKeyPem, publicKeyPem: pem('ed25519').publicKeyPem }))).rejects.toThrow(ConfigError);
  });

  it('refuses something that is not a PEM key, naming the variable', async () => {
    await expect(loadAuthKeys(config({ publicKeyPem: 'hello' }))).rejects.toThrow(/JWT_PUBLIC_KEY is not a valid PEM key/);
  });
});
