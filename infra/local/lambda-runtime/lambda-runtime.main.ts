import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { portVariable, positiveIntVariable, readEnv } from '../../../core/config/read-env';
import { createDataSource } from '../../../core/database/data-source';
import { readDatabaseConfig } from '../../../core/database/database.config';
import { TypeormDeadLetterStore } from '../../../core/events/adapters/typeorm-dead-letter.store';
import { createLogger } from '../../../core/logging/create-logger';
import { runMain } from '../../../core/process/run-main';
import { announceReady } from '../../../core/process/serve';
import { stopOnceOnSignals } from '../../../core/process/stop-once-on-signals';
import { functionRegistry } from '../../../extracted-functions/registry';
import { functionLogFiles } from './function-log-files';
import { startLambdaRuntime } from './lambda-runtime';

/**
 * The local Lambda runtime as its own process (forked by `npm start`): every registered function,
 * served at LAMBDA_RUNTIME_PORT, with this process's environment passed on to the functions.
 */
async function main(): Promise<void> {
  const logger = createLogger('lambda-runtime');
  const settings = readEnv(
    z.object({
      LAMBDA_RUNTIME_PORT: portVariable(3002),
      // Lambda waits about a minute before the first retry; locally a demo should not.
      ASYNC_RETRY_DELAY_MS: positiveIntVariable(2_000),
      LOCAL_SCHEDULE_MS: positiveIntVariable(5_000),
      // The pipeline's consumers start warm, so a first upload does not wait for cold starts.
      LAMBDA_PREWARM: z.string().default('legacy-monolith,transcoding,metadata,notifications'),
    }),
  );
  // The on-failure destination: dead letters in the database, where the admin API shows them.
  const databaseConfig = readDatabaseConfig();
  const dataSource = await createDataSource(databaseConfig, { poolSize: 2 }).initialize();
  const logFiles = functionLogFiles(path.join(databaseConfig.dataDir, 'lambda-logs'), logger);
  const deadLetters = new TypeormDeadLetterStore(dataSource);
  const environment = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const runtime = await startLambdaRuntime({
    functions: functionRegistry,
    port: settings.LAMBDA_RUNTIME_PORT,
    asyncRetryDelayMs: settings.ASYNC_RETRY_DELAY_MS,
    schedulePeriodMs: settings.LOCAL_SCHEDULE_MS,
    prewarm: settings.LAMBDA_PREWARM.split(',').map((name) => name.trim()).filter(Boolean),
    onEventFailure: async (failed) => void (await deadLetters.record({ ...failed, failedAt: new Date() })),
    rootDir: fileURLToPath(new URL('../../../', import.meta.url)),
    functionLogs: logFiles.write,
    environment,
    logger,
  });
  stopOnceOnSignals(logger, async () => {
    await runtime.close();
    await Promise.all([dataSource.destroy(), logFiles.close()]);
  });
  announceReady('lambda-runtime', runtime.url);
}

runMain(main);
