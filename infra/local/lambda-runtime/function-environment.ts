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
    ...withFunctionCertificates(settings.environment),
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

/**
 * Lambda's Node.js 20+ runtimes load no extra CA certificates unless a function's configuration sets
 * NODE_EXTRA_CA_CERTS: Node.js reads them as it starts, in every new process, before any code runs
 * (about 50 ms for a system's whole bundle on a 2-core VM). So the variable of the machine running
 * the runtime is not passed on; LAMBDA_NODE_EXTRA_CA_CERTS sets it for every function.
 */
function withFunctionCertificates(environment: Readonly<Record<string, string>>): Record<string, string> {
  const { NODE_EXTRA_CA_CERTS: _machineCertificates, LAMBDA_NODE_EXTRA_CA_CERTS: functionCertificates, ...rest } = environment;
  return functionCertificates ? { ...rest, NODE_EXTRA_CA_CERTS: functionCertificates } : rest;
}

function createLogStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
