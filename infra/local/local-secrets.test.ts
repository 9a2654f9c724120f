import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAuthKeys } from '../../core/auth/auth-keys';
import { ensureLocalSecrets } from './local-secrets';

describe('ensureLocalSecrets', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), '24hv-secrets-'));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a matching Ed25519 pair and an admin token, readable by the owner only', async () => {
    const secrets = ensureLocalSecrets(dataDir);
    const keys = await loadAuthKeys({
      privateKeyPem: readFileSync(secrets.privateKeyFile, 'utf8'),
      publicKeyPem: readFileSync(secrets.publicKeyFile, 'utf8'),
      issuer: 'i',
      audience: 'a',
      tokenTtlSeconds: 60,
      passwordLog2Cost: 10,
    });
    expect(keys.privateKey?.asymmetricKeyType).toBe('ed25519');
    expect(secrets.adminToken).toMatch(/^[\w-]{43}$/);
    expect(statSync(secrets.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(secrets.adminTokenFile).mode & 0o777).toBe(0o600);
  });

  it('keeps the same secrets on the next start, so tokens survive restarts', () => {
    const first = ensureLocalSecrets(dataDir);
    const second = ensureLocalSecrets(dataDir);
    expect(second.adminToken).toBe(first.adminToken);
    expect(readFileSync(second.privateKeyFile, 'utf8')).toBe(readFileSync(first.privateKeyFile, 'utf8'));
  });
});
