import { randomBytes } from 'node:crypto';
import type { FunctionDefinition } from '../../../extracted-functions/registry';

/** What every execution environment of a runtime shares. */
interface EnvironmentSettings {
  readonly rootDir: string;
  readonly region: string;
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The environment variables of one execution environment: the runtime's extra variables, then the
 * ones Lambda itself sets (they win, as in AWS, where they are reserved). Each environment gets its
 * own log stream, as each Lambda sandbox does.
 */
export function createFunctionEnvironment(definition: FunctionDefinition, settings: EnvironmentSettings): Record<string, string> {
  const logGroupName = `/aws/lambda/${definition.name}`;
  return {
    // Functions may shell out (ffmpeg): Lambda sets PATH too.
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...settings.environment,
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_LAMBDA_FUNCTION_NAME: definition.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: createLogStreamName(new Date()),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: settings.rootDir,
    _HANDLER: `${definition.entry.replace(/\.[cm]?[jt]s$/, '')}.${definition.handler}`,
  };
}

function createLogStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
