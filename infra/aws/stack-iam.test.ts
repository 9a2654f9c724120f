import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from './resource-names';
import { discardStage, functionLogicalId, resolvePseudo, resourcesOf, synthesizeStage, testEnv, type SynthesizedStage } from './synth-test-kit';

const names = resourceNames('dev');
const { account, region } = testEnv;
const uploads = `arn:aws:s3:::24hv-dev-uploads-${account}-${region}`;
const renditions = `arn:aws:s3:::24hv-dev-renditions-${account}-${region}`;
const functionArn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${names.functionName(name)}`;
const deadLetters = {
  Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  Effect: 'Allow',
  Resource: `arn:aws:sqs:${region}:${account}:${names.deadLetterQueue}`,
};
const stageAlarms = `arn:aws:cloudwatch:${region}:${account}:alarm:24hv-dev-*`;
const allow = (Action: string | string[], Resource: unknown, Condition?: unknown) => ({ Action, Effect: 'Allow', Resource, ...(Condition ? { Condition } : {}) });

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('IAM of the deployed functions', () => {
  let stage: SynthesizedStage;
  beforeAll(() => {
    stage = synthesizeStage();
  });
  afterAll(() => discardStage(stage));

  /** The statements of a function's role, pseudo parameters resolved. */
  const statementsOf = (name: string): Statement[] => {
    const functionId = functionLogicalId(stage.stateless, names.functionName(name));
    const roleRef = (resourcesOf(stage.stateless, 'AWS::Lambda::Function')[functionId]!.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOf(stage.stateless, 'AWS::IAM::Policy')).filter((policy) => (policy.Properties?.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleRef));
    return policies.flatMap((policy) => resolvePseudo((policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement) as Statement[]);
  };
  const writesItsLogs = (name: string) => {
    const logGroup = Object.entries(resourcesOf(stage.stateless, 'AWS::Logs::LogGroup')).find(([, group]) => group.Properties?.LogGroupName === `/aws/lambda/${names.functionName(name)}`)!;
    return allow(['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [logGroup[0], 'Arn'] });
  };
  const expectExactly = (name: string, expected: unknown[]) => {
    const actual = statementsOf(name);
    expect(actual).toEqual(expect.arrayContaining([writesItsLogs(name), ...expected]));
    expect(actual).toHaveLength(expected.length + 1);
  };

  it('transcoding reads uploads (and the outputs its jobs announce), creates jobs on the stage queue and passes only the MediaConvert role', () => {
    expectExactly('transcoding', [
      allow('s3:GetObject', `${uploads}/videos/*`),
      allow('s3:ListBucket', uploads),
      allow('s3:GetObject', `${renditions}/videos/*`),
      allow('s3:ListBucket', renditions),
      // jobs/*: a job's ARN does not exist before CreateJob makes it; the queue is named exactly.
      allow('mediaconvert:CreateJob', [`arn:aws:mediaconvert:${region}:${account}:queues/${names.mediaConvertQueue}`, `arn:aws:mediaconvert:${region}:${account}:jobs/*`]),
      allow('iam:PassRole', `arn:aws:iam::${account}:role/${names.mediaConvertRole}`, { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } }),
      // Its video outcomes go to the subscribers of videos.outcome (core/pipeline/event-subscribers.ts).
      allow('lambda:InvokeFunction', [functionArn('legacy-monolith'), functionArn('notifications')]),
      deadLetters,
    ]);
  });

  it('metadata reads the uploaded originals it probes, and nothing of the renditions', () => {
    expectExactly('metadata', [
      allow('s3:GetObject', `${uploads}/videos/*`),
      allow('s3:ListBucket', uploads),
      allow('lambda:InvokeFunction', [functionArn('legacy-monolith'), functionArn('notifications')]),
      deadLetters,
    ]);
  });

  it('notifications sends e-mail as the configured sender (address or domain identity) and nothing else', () => {
    expectExactly('notifications', [
      allow('ses:SendEmail', [`arn:aws:ses:${region}:${account}:identity/no-reply@videos.example.org`, `arn:aws:ses:${region}:${account}:identity/videos.example.org`]),
      deadLetters,
    ]);
  });

  it('auth and the authorizer only write their logs: the database URL is in their environment', () => {
    expectExactly('auth', []);
    expectExactly('authorizer', []);
  });

  it('the edge proxy invokes the functions the route table and its authorizer name, and the monolith, and reads the stage’s alarms', () => {
    expectExactly('edge-proxy', [
      allow('lambda:InvokeFunction', ['auth', 'authorizer', 'legacy-monolith', 'metadata', 'notifications', 'transcoding'].map(functionArn)),
      allow('cloudwatch:DescribeAlarms', stageAlarms),
    ]);
  });

  it("the monolith reaches both buckets' videos, sends e-mail and publishes to every pipeline subscriber", () => {
    expectExactly('legacy-monolith', [
      allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], `${uploads}/videos/*`),
      allow(['s3:GetObject', 's3:DeleteObject'], `${renditions}/videos/*`),
      allow('s3:ListBucket', [uploads, renditions]),
      allow('ses:SendEmail', [`arn:aws:ses:${region}:${account}:identity/no-reply@videos.example.org`, `arn:aws:ses:${region}:${account}:identity/videos.example.org`]),
      allow('lambda:InvokeFunction', ['legacy-monolith', 'metadata', 'notifications', 'transcoding'].map(functionArn)),
      deadLetters,
    ]);
  });

  it('gives no role a managed policy (AWSLambdaBasicExecutionRole would allow every log group)', () => {
    for (const template of [stage.stateful, stage.stateless]) {
      for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants no action or resource wildcard anywhere; the only partial wildcards name objects and jobs that do not exist yet', () => {
    const statements = [stage.stateful, stage.stateless].flatMap((template) =>
      Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) => resolvePseudo((policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement) as Statement[]),
    );
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    const resources = statements.flatMap((statement) => [statement.Resource].flat()).map((resource) => (typeof resource === 'string' ? resource : JSON.stringify(resource)));
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(resources).not.toContain('*');
    // AWS requires `*` for no call this code makes (mediaconvert:DescribeEndpoints is not made: the
    // regional endpoint is used), so no statement needs it. What remains are key prefixes
    // (`videos/*`: objects uploaded later), MediaConvert job ARNs (`jobs/*`: made by CreateJob) and
    // the stage's alarms (`alarm:24hv-dev-*`: the rollback reads every function's, named by prefix).
    const wildcards = [...new Set(resources.filter((resource) => resource.includes('*')))].sort();
    expect(wildcards).toEqual([stageAlarms, `arn:aws:mediaconvert:${region}:${account}:jobs/*`, `${renditions}/videos/*`, `${uploads}/videos/*`]);
  });
});
