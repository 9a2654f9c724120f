import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningSystem } from '../start-system';
import { startServerProcess, type RunningServer } from './start-peer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Our edge proxy as `npm start` runs it (flags, stats, metrics: its defaults), as one more process
 * on the running system's database, keys and Lambda runtime (or `lambdaEndpoint`), in front of
 * `target`; `env` adds to or overrides its settings.
 */
export function startEdgeProxy(system: RunningSystem, target: string, { lambdaEndpoint = system.runtimeUrl, env: extraEnv = {} }: { lambdaEndpoint?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const env = {
    ...process.env,
    DATA_DIR: system.dataDir,
    JWT_PRIVATE_KEY_FILE: path.join(system.dataDir, 'keys', 'jwt-ed25519-private.pem'),
    JWT_PUBLIC_KEY_FILE: path.join(system.dataDir, 'keys', 'jwt-ed25519-public.pem'),
    STRANGLER_ADMIN_TOKEN: system.adminToken,
    LEGACY_URL: target,
    LAMBDA_ENDPOINT: lambdaEndpoint,
    EDGE_PORT: '0',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  return startServerProcess('edge proxy', path.join(root, 'edge-proxy', 'server.ts'), [], env);
}
