import type { HostCommand } from './host-messages';

type InvokeCommand = Extract<HostCommand, { type: 'invoke' }>;

/** The `context` a Node.js Lambda handler receives (minus the long-deprecated done/succeed/fail). */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly clientContext: unknown;
  readonly identity: undefined;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

// Read once at start, as the Lambda runtime does: the function may change process.env later.
const sandbox = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '',
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
};

/** The context of one invocation; the remaining time counts down to the runtime's deadline. */
export function createLambdaContext(command: InvokeCommand): LambdaContext {
  return {
    ...sandbox,
    awsRequestId: command.requestId,
    invokedFunctionArn: command.invokedFunctionArn,
    clientContext: command.clientContext,
    identity: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, command.deadlineMs - Date.now()),
  };
}
