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
];

/** Looks a function up by name; undefined when the registry does not declare it. */
export function findFunction(name: string): FunctionDefinition | undefined {
  return functionRegistry.find((fn) => fn.name === name);
}
