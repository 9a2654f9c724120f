import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  privateKeyFile: string;
  publicKeyFile: string;
  adminTokenFile: string;
  adminToken: string;
}

/** Writes a file only readable by its owner, unless it already exists. */
function writeSecretOnce(file: string, create: () => string): void {
  if (!existsSync(file)) writeFileSync(file, create(), { mode: 0o600, flag: 'wx' });
}

/**
 * The secrets a one-machine system needs, generated into the data folder on first start and
 * reused afterwards (so tokens survive restarts): the JWT signing pair and the engineers' token.
 */
export function ensureLocalSecrets(dataDir: string): LocalSecrets {
  const keysDir = path.join(dataDir, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const privateKeyFile = path.join(keysDir, 'jwt-ed25519-private.pem');
  const publicKeyFile = path.join(keysDir, 'jwt-ed25519-public.pem');
  if (!existsSync(privateKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeSecretOnce(privateKeyFile, () => privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  const adminTokenFile = path.join(dataDir, 'admin-token');
  writeSecretOnce(adminTokenFile, () => randomBytes(32).toString('base64url'));
  return { privateKeyFile, publicKeyFile, adminTokenFile, adminToken: readFileSync(adminTokenFile, 'utf8').trim() };
}
