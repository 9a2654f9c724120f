import { ArnFormat, SecretValue, type Stack } from 'aws-cdk-lib';
import type { ResourceNames } from './resource-names';

/** The stateful resources of a stage as either stack names them: from the stage's names, in the stack's account and region. */
export interface StageResources {
  readonly uploadsBucketName: string;
  readonly uploadsBucketArn: string;
  readonly renditionsBucketName: string;
  readonly renditionsBucketArn: string;
  readonly uploadEventsTopicArn: string;
  readonly deadLetterQueueArn: string;
  readonly mediaConvertQueueArn: string;
  readonly mediaConvertJobsArn: string;
  readonly mediaConvertRoleArn: string;
  /** CloudFormation dynamic references: resolved by CloudFormation at deploy time, never written into the template. */
  readonly databaseUrl: string;
  readonly jwtPrivateKey: string;
  readonly jwtPublicKey: string;
  readonly adminToken: string;
  /** Every alarm of the stage: their names start with its prefix. */
  readonly stageAlarmsArn: string;
  functionArn(deployedName: string): string;
  emailIdentityArn(identity: string): string;
}

/** The ARNs and secret references of the stage's stateful resources, valid in `stack`. */
export function stageResources(stack: Stack, names: ResourceNames): StageResources {
  const bucket = (purpose: 'uploads' | 'renditions') => names.bucketName(purpose, stack.account, stack.region);
  const bucketArn = (name: string) => stack.formatArn({ service: 's3', region: '', account: '', resource: name });
  const secret = (name: string) => SecretValue.secretsManager(name).unsafeUnwrap();
  return {
    uploadsBucketName: bucket('uploads'),
    uploadsBucketArn: bucketArn(bucket('uploads')),
    renditionsBucketName: bucket('renditions'),
    renditionsBucketArn: bucketArn(bucket('renditions')),
    uploadEventsTopicArn: stack.formatArn({ service: 'sns', resource: names.uploadEventsTopic }),
    deadLetterQueueArn: stack.formatArn({ service: 'sqs', resource: names.deadLetterQueue }),
    mediaConvertQueueArn: stack.formatArn({ service: 'mediaconvert', resource: 'queues', resourceName: names.mediaConvertQueue }),
    mediaConvertJobsArn: stack.formatArn({ service: 'mediaconvert', resource: 'jobs', resourceName: '*' }),
    mediaConvertRoleArn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: names.mediaConvertRole }),
    databaseUrl: secret(names.databaseUrlSecret),
    jwtPrivateKey: secret(names.jwtPrivateKeySecret),
    jwtPublicKey: secret(names.jwtPublicKeySecret),
    adminToken: secret(names.adminTokenSecret),
    stageAlarmsArn: stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${names.prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    functionArn: (deployedName) => stack.formatArn({ service: 'lambda', resource: 'function', resourceName: deployedName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    emailIdentityArn: (identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
  };
}
