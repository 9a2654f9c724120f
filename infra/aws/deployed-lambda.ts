import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal, type PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction, Runtime, type IDestination, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionCode } from './bundling';
import type { DeployedFunction } from './deployed-functions';

export interface DeployedLambdaProps {
  readonly definition: DeployedFunction;
  readonly functionName: string;
  readonly environment: Record<string, string>;
  readonly statements: readonly PolicyStatement[];
  readonly layers: readonly ILayerVersion[];
  /** Where an asynchronous event goes after its retries: set for functions fed by S3, SNS, EventBridge. */
  readonly onFailure?: IDestination;
}

/** Async events are retried twice (Lambda's default, as the local runtime does), then dead-lettered. */
const asyncRetryAttempts = 2;
const asyncMaxEventAge = Duration.hours(6);
const logRetention = RetentionDays.ONE_MONTH;

/**
 * One function of the registry as AWS runs it: bundled from the repository with esbuild, its own
 * role holding only its log group and the statements given, its own log group with a retention.
 */
export class DeployedLambda extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: DeployedLambdaProps) {
    super(scope, id);
    const { definition } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: it allows writing to every log group (`*`).
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `${props.functionName}: least privilege` });
    logGroup.grantWrite(role);
    for (const statement of props.statements) role.addToPolicy(statement);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.functionName,
      description: definition.description,
      code: functionCode(definition.entry),
      handler: `index.${definition.handler}`,
      runtime: Runtime.NODEJS_22_X,
      timeout: Duration.seconds(definition.timeoutSeconds),
      memorySize: definition.memoryMb,
      ...(definition.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: definition.reservedConcurrency }),
      environment: props.environment,
      role,
      logGroup,
      layers: [...props.layers],
      ...(props.onFailure ? { retryAttempts: asyncRetryAttempts, maxEventAge: asyncMaxEventAge, onFailure: props.onFailure } : {}),
    });
  }
}
