import { readAuthConfig } from '../core/auth/auth.config';
import { createDataSource } from '../core/database/data-source';
import { readDatabaseConfig } from '../core/database/database.config';
import { createLogger } from '../core/logging/create-logger';
import { runMain } from '../core/process/run-main';
import { announceReady, listen, serverUrl, stopOnSignals } from '../core/process/serve';
import { composeEdgeProxy } from './compose-edge-proxy';
import { readProxyConfig } from './proxy.config';

/** Composition root of the edge proxy process. */
async function main(): Promise<void> {
  const logger = createLogger('edge-proxy');
  const config = readProxyConfig();
  const dataSource = await createDataSource(readDatabaseConfig()).initialize();
  const proxy = await composeEdgeProxy({ config, authConfig: readAuthConfig(), dataSource, logger });
  const server = await listen(proxy.app, config.port, config.host);
  stopOnSignals(server, logger, async () => {
    await proxy.close();
    await dataSource.destroy();
  });
  logger.info({ url: serverUrl(server), legacy: config.legacyFunction ? `function ${config.legacyFunction}` : config.legacyUrl, lambda: config.lambdaEndpoint ?? 'aws' }, 'edge proxy listening');
  announceReady('edge-proxy', serverUrl(server));
}

runMain(main);
