import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { legacyMonolithName } from './deployed-functions';

/** The ARNs grants are made on: CloudFormation tokens in the stack. */
export interface GrantTargets {
  readonly uploadsBucketArn: string;
  readonly renditionsBucketArn: string;
  readonly mediaConvertQueueArn: string;
  /** `arn:…:mediaconvert:<region>:<account>:jobs/*` */
  readonly mediaConvertJobsArn: string;
  readonly mediaConvertRoleArn: string;
  readonly emailIdentityArns: readonly string[];
  /** ARNs of the functions this one invokes (see invoked-functions.ts). */
  readonly invokedFunctionArns: readonly string[];
  /** `arn:…:cloudwatch:<region>:<account>:alarm:<stage prefix>*`: the stage's alarms, read by the automatic rollback. */
  readonly stageAlarmsArn: string;
}

// Every object the platform stores lives under videos/<id>/ (core/videos/video-keys.ts).
const objects = (bucketArn: string) => `${bucketArn}/videos/*`;

const allow = (actions: string[], resources: readonly string[], conditions?: Record<string, Record<string, string>>) =>
  new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [...resources], ...(conditions ? { conditions } : {}) });

// Without s3:ListBucket, HEAD of a missing key answers 403 instead of 404, and storage.stat()
// (which reads a 404 as "not there") would fail instead of answering undefined.
const readObjects = (bucketArn: string) => [allow(['s3:GetObject'], [objects(bucketArn)]), allow(['s3:ListBucket'], [bucketArn])];

const invoke = (targets: GrantTargets) => (targets.invokedFunctionArns.length === 0 ? [] : [allow(['lambda:InvokeFunction'], targets.invokedFunctionArns)]);

const sendEmail = (targets: GrantTargets) => [allow(['ses:SendEmail'], targets.emailIdentityArns)];

/**
 * What each function may do beyond writing its own logs, and nothing more. No statement has a `*`
 * resource: MediaConvert's CreateJob is scoped to the stage's queue and to job ARNs (`jobs/*`:
 * a job's id does not exist before CreateJob makes it), and DescribeEndpoints, the one
 * MediaConvert call that needs `*`, is not made: the code uses the regional endpoint (or
 * MEDIACONVERT_ENDPOINT).
 */
export function grantStatements(functionName: string, targets: GrantTargets): PolicyStatement[] {
  switch (functionName) {
    case 'transcoding':
      return [
        // stat() of the uploaded original, and of each output a COMPLETE job announces.
        ...readObjects(targets.uploadsBucketArn),
        ...readObjects(targets.renditionsBucketArn),
        allow(['mediaconvert:CreateJob'], [targets.mediaConvertQueueArn, targets.mediaConvertJobsArn]),
        allow(['iam:PassRole'], [targets.mediaConvertRoleArn], { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } }),
        ...invoke(targets),
      ];
    case 'metadata':
      // ffprobe reads the uploaded original (core/pipeline/metadata.event-handlers.ts), not a rendition.
      return [...readObjects(targets.uploadsBucketArn), ...invoke(targets)];
    case 'notifications':
      return sendEmail(targets);
    case legacyMonolithName:
      // The whole monolith: uploads (multipart, aborted on failure), downloads, deletes of a video's prefix.
      return [
        allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], [objects(targets.uploadsBucketArn)]),
        allow(['s3:GetObject', 's3:DeleteObject'], [objects(targets.renditionsBucketArn)]),
        allow(['s3:ListBucket'], [targets.uploadsBucketArn, targets.renditionsBucketArn]),
        ...sendEmail(targets),
        ...invoke(targets),
      ];
    case 'edge-proxy':
      return [...invoke(targets), allow(['cloudwatch:DescribeAlarms'], [targets.stageAlarmsArn])];
    case 'auth':
    case 'authorizer':
      // The database only: its URL comes in the environment, no AWS API is called.
      return [];
    default:
      throw new Error(`No grants are defined for function ${JSON.stringify(functionName)}: add them to infra/aws/function-grants.ts`);
  }
}
