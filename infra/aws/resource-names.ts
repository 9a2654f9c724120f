import { functionAlarmName, type FunctionAlarmMetric } from '../../core/rollout/function-alarms';

/**
 * The physical names of one stage's resources. Both stacks derive them from the stage alone, so the
 * stateless stack finds what the stateful one made without cross-stack exports (which would pin
 * the stateful stack's outputs for as long as anything imported them).
 */
export interface ResourceNames {
  readonly prefix: string;
  readonly statefulStack: string;
  readonly statelessStack: string;
  /** A function's deployed name; the code keeps invoking the registry name, prefixed at the client (LAMBDA_FUNCTION_PREFIX). */
  functionName(registryName: string): string;
  /** Bucket names are global: the account and region (tokens until deploy) make them unique. */
  bucketName(purpose: 'uploads' | 'renditions', account: string, region: string): string;
  readonly uploadEventsTopic: string;
  readonly deadLetterQueue: string;
  readonly monolithEventsQueue: string;
  readonly mediaConvertQueue: string;
  readonly mediaConvertRole: string;
  readonly databaseUrlSecret: string;
  readonly jwtPrivateKeySecret: string;
  readonly jwtPublicKeySecret: string;
  readonly adminTokenSecret: string;
  alarmName(functionName: string, metric: FunctionAlarmMetric): string;
}

/** Every name of a stage, `24hv-<stage>-…`. */
export function resourceNames(stage: string): ResourceNames {
  const prefix = `24hv-${stage}-`;
  return {
    prefix,
    // CloudFormation stack names must start with a letter.
    statefulStack: `video-24h-${stage}-stateful`,
    statelessStack: `video-24h-${stage}-stateless`,
    functionName: (registryName) => `${prefix}${registryName}`,
    bucketName: (purpose, account, region) => `${prefix}${purpose}-${account}-${region}`,
    uploadEventsTopic: `${prefix}upload-events`,
    deadLetterQueue: `${prefix}dead-letters`,
    monolithEventsQueue: `${prefix}monolith-events`,
    mediaConvertQueue: `${prefix}transcoding`,
    mediaConvertRole: `${prefix}mediaconvert`,
    databaseUrlSecret: `24hv/${stage}/database-url`,
    jwtPrivateKeySecret: `24hv/${stage}/jwt-private-key`,
    jwtPublicKeySecret: `24hv/${stage}/jwt-public-key`,
    adminTokenSecret: `24hv/${stage}/admin-token`,
    alarmName: (functionName, metric) => functionAlarmName(prefix, functionName, metric),
  };
}
