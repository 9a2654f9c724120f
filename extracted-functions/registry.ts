/**
 * Every Lambda function of the system, declared once. The local runtime (infra/local) serves
 * these; the CDK app (infra/aws) deploys them. Adding a function means adding it here.
 */
export interface FunctionDefinition {
  /** Lambda function name (locally as is; in AWS prefixed by the stage). */
  readonly name: string;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  /** Exported handler function of `entry`. */
  readonly handler: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Maximum concurrent executions; invocations beyond it are throttled (HTTP 429). */
  readonly reservedConcurrency: number;
  /** Invoked with an EventBridge "Scheduled Event" this often (the local runtime's stand-in for a schedule rule). */
  readonly scheduleSeconds?: number;
}

export const functionRegistry: readonly FunctionDefinition[] = [
  {
    name: 'auth',
    entry: 'extracted-functions/auth/http.handler.ts',
    handler: 'handler',
    description: 'Legacy auth routes: signup, login, users/me (API Gateway payload v2.0)',
    timeoutSeconds: 10,
    memoryMb: 256,
    reservedConcurrency: 10,
  },
  {
    name: 'authorizer',
    entry: 'extracted-functions/authorizer/authorize.handler.ts',
    handler: 'handler',
    description: 'Lambda authorizer (REQUEST, simple responses) for protected Lambda-bound routes',
    timeoutSeconds: 5,
    memoryMb: 128,
    reservedConcurrency: 10,
  },
  {
    name: 'transcoding',
    entry: 'extracted-functions/transcoding/transcoding.handler.ts',
    handler: 'handler',
    description: 'Transcoding routes (presets, start job, job status); storage ObjectCreated starts jobs; MediaConvert job states settle videos',
    timeoutSeconds: 30,
    memoryMb: 512,
    reservedConcurrency: 10,
  },
  {
    name: 'metadata',
    entry: 'extracted-functions/metadata/metadata.handler.ts',
    handler: 'handler',
    description: 'Metadata route; storage ObjectCreated of a source extracts its ffprobe metadata',
    timeoutSeconds: 60,
    memoryMb: 512,
    reservedConcurrency: 10,
  },
  {
    name: 'notifications',
    entry: 'extracted-functions/notifications/notifications.handler.ts',
    handler: 'handler',
    description: 'Subscription and delivery routes; video ready/failed (SNS) fans out to subscriptions and sends; a schedule retries due deliveries',
    timeoutSeconds: 60,
    memoryMb: 256,
    reservedConcurrency: 10,
    scheduleSeconds: 60,
  },
  {
    name: 'legacy-monolith',
    entry: 'extracted-functions/legacy-monolith/legacy-monolith.handler.ts',
    handler: 'handler',
    description: 'The whole monolith as one Lambda (aws-serverless-express, API Gateway REST v1 events); also its side of every pipeline event',
    timeoutSeconds: 30,
    memoryMb: 1024,
    reservedConcurrency: 10,
  },
];

/** Looks a function up by name; undefined when the registry does not declare it. */
export function findFunction(name: string): FunctionDefinition | undefined {
  return functionRegistry.find((fn) => fn.name === name);
}
