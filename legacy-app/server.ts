import { z } from 'zod';
import { readAuthConfig } from '../core/auth/auth.config';
import { createAuthService, createAuthenticator } from '../core/auth/create-auth';
import { portVariable, readEnv } from '../core/config/read-env';
import { createDataSource } from '../core/database/data-source';
import { readDatabaseConfig } from '../core/database/database.config';
import { readHttpConfig } from '../core/legacy-api/http.config';
import { createLogger } from '../core/logging/create-logger';
import { runMain } from '../core/process/run-main';
import { announceReady, listen, serverUrl, stopOnSignals } from '../core/process/serve';
import { createApp } from './app';

/** Composition root of the monolith: configuration, database, services, HTTP server. */
async function main(): Promise<void> {
  const logger = createLogger('legacy-app');
  const { LEGACY_PORT: port, LEGACY_HOST: host } = readEnv(
    z.object({ LEGACY_PORT: portVariable(3001), LEGACY_HOST: z.string().default('127.0.0.1') }),
  );
  const authConfig = readAuthConfig();
  const dataSource = await createDataSource(readDatabaseConfig()).initialize();
  const app = createApp({
    auth: await createAuthService({ dataSource, config: authConfig }),
    authenticator: await createAuthenticator({ dataSource, config: authConfig }),
    logger,
    jsonBodyLimitBytes: readHttpConfig().jsonBodyLimitBytes,
  });
  const server = await listen(app, port, host);
  stopOnSignals(server, logger, () => dataSource.destroy());
  logger.info({ url: serverUrl(server) }, 'monolith listening');
  announceReady('legacy-app', serverUrl(server));
}

runMain(main);
