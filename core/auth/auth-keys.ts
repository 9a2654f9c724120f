import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { ConfigError } from '../config/read-env';
import type { AuthConfig } from './auth.config';

/** The Ed25519 key pair tokens are signed and verified with; `keyId` is the RFC 7638 thumbprint. */
export interface AuthKeys {
  readonly privateKey?: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

function assertEd25519(key: KeyObject, variable: string): KeyObject {
  // Pinning the key type pins the algorithm: no RSA/HMAC confusion is possible.
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`Invalid configuration: ${variable} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'a secret key'}`);
  }
  return key;
}

function parseKey<T>(parse: () => T, variable: string): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${variable} is not a valid PEM key (${(error as Error).message})`);
  }
}

/** Turns the configured PEMs into key objects, checking they are Ed25519 and belong together. */
export async function loadAuthKeys(config: AuthConfig): Promise<AuthKeys> {
  const privateKey = config.privateKeyPem
    ? assertEd25519(parseKey(() => createPrivateKey(config.privateKeyPem!), 'JWT_PRIVATE_KEY'), 'JWT_PRIVATE_KEY')
    : undefined;
  const publicKey = config.publicKeyPem
    ? assertEd25519(parseKey(() => createPublicKey(config.publicKeyPem!), 'JWT_PUBLIC_KEY'), 'JWT_PUBLIC_KEY')
    : createPublicKey(privateKey!);
  if (privateKey && !createPublicKey(privateKey).equals(publicKey)) {
    throw new ConfigError('Invalid configuration: JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY');
  }
  const keyId = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { privateKey, publicKey, keyId };
}
