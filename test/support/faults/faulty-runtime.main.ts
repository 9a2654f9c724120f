import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { portVariable, positiveIntVariable, readEnv } from '../../../core/config/read-env';
import { createDataSource } from '../../../core/database/data-source';
import { readDatabaseConfig } from '../../../core/database/database.config';
import { TypeormDeadLetterStore } from '../../../core/events/adapters/typeorm-dead-letter.store';
import { createLogger } from '../../../core/logging/create-logger';
import { runMain } from '../../../core/process/run-main';
import { announceReady } from '../../../core/process/serve';
import { functionRegistry } from '../../../extracted-functions/registry';
import { startLambdaRuntime } from '../../../infra/local/lambda-runtime/lambda-runtime';
import { controllable } from './function-fault';

/**
 * The local Lambda runtime as its own process, as infra/local/lambda-runtime/lambda-runtime.main.ts
 * runs it, with every registered function behind the fault wrapper: a test or the soak can then
 * make any of them misbehave, and can kill this process in the middle of its work.
 */
async function main(): Promise<void> {
  const logger = createLogger('faulty-runtime');
  const settings = readEnv(z.object({ LAMBDA_RUNTIME_PORT: portVariable(3002), ASYNC_RETRY_DELAY_MS: positiveIntVariable(200), LOCAL_SCHEDULE_MS: positiveIntVariable(500) }));
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  const deadLetters = new TypeormDeadLetterStore(dataSource);
  const runtime = await startLambdaRuntime({
    functions: controllable(functionRegistry),
    port: settings.LAMBDA_RUNTIME_PORT,
    asyncRetryDelayMs: settings.ASYNC_RETRY_DELAY_MS,
    schedulePeriodMs: settings.LOCAL_SCHEDULE_MS,
    prewarm: ['legacy-monolith', 'transcoding', 'metadata', 'notifications'],
    onEventFailure: async (failed) => void (await deadLetters.record({ ...failed, failedAt: new Date() })),
    rootDir: fileURLToPath(new URL('../../../', import.meta.url)),
    environment: Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    logger,
  });
  process.once('SIGTERM', () => void runtime.close().then(() => dataSource.destroy()).then(() => process.exit(0)));
  announceReady('faulty-runtime', runtime.url);
}

runMain(main);
