import * as z from 'zod';
import { portVariable, readEnv } from '../core/config/read-env';
import { createDataSource } from '../core/database/data-source';
import { readDatabaseConfig } from '../core/database/database.config';
import { createLogger } from '../core/logging/create-logger';
import { runMain } from '../core/process/run-main';
import { announceReady, listen, serverUrl, stopOnSignals } from '../core/process/serve';
import { composeMonolith } from './compose-monolith';
import { readMonolithConfig } from './monolith.config';

/** Composition root of the monolith process: configuration, database, the monolith, HTTP server. */
async function main(): Promise<void> {
  const logger = createLogger('legacy-app');
  const { LEGACY_PORT: port, LEGACY_HOST: host } = readEnv(
    z.object({ LEGACY_PORT: portVariable(3001), LEGACY_HOST: z.string().default('127.0.0.1') }),
  );
  const databaseConfig = readDatabaseConfig();
  const config = readMonolithConfig(databaseConfig.dataDir);
  const dataSource = await createDataSource(databaseConfig).initialize();
  const monolith = await composeMonolith({ dataSource, config, logger });
  await monolith.start();
  const server = await listen(monolith.app, port, host);
  stopOnSignals(server, logger, async () => {
    await monolith.stop();
    await dataSource.destroy();
  });
  logger.info({ url: serverUrl(server) }, 'monolith listening');
  announceReady('legacy-app', serverUrl(server));
}

runMain(main);
