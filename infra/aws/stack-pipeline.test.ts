import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJobStateEvent } from '../../core/events/mediaconvert-job-state';
import { eventSubscribers } from '../../core/pipeline/event-subscribers';
import { topics } from '../../core/pipeline/topics';
import { sourceKeyOf } from '../../core/videos/video-keys';
import { matchesEventPattern } from './event-pattern.test-kit';
import { resourceNames } from './resource-names';
import { discardStage, functionLogicalId, resolvePseudo, resourcesOf, synthesizeStage, testEnv, type SynthesizedStage } from './synth-test-kit';

const names = resourceNames('dev');
const completeEvent = JSON.parse(readFileSync(new URL('./fixtures/mediaconvert-job-complete.event.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
  detail: Record<string, unknown>;
};
const withDetail = (detail: Record<string, unknown>) => ({ ...completeEvent, detail: { ...completeEvent.detail, ...detail } });
const videoId = '6f1c2a9e-2f4b-4c1d-9a7e-0b5d3c2e1f00';

describe('the pipeline in AWS', () => {
  let stage: SynthesizedStage;
  beforeAll(() => {
    stage = synthesizeStage();
  });
  afterAll(() => discardStage(stage));

  const functionArn = (name: string) => ({ 'Fn::GetAtt': [functionLogicalId(stage.stateless, names.functionName(name)), 'Arn'] });

  it('creates each stateful resource under the name the stateless stack refers to it by', () => {
    const namesOf = (type: string, property: string) => Object.values(resourcesOf(stage.stateful, type)).map((resource) => resolvePseudo(resource.Properties?.[property])).sort();
    const { account, region } = testEnv;
    expect(namesOf('AWS::S3::Bucket', 'BucketName')).toEqual([names.bucketName('renditions', account, region), names.bucketName('uploads', account, region)]);
    expect(namesOf('AWS::SQS::Queue', 'QueueName')).toEqual([names.deadLetterQueue]);
    expect(namesOf('AWS::SecretsManager::Secret', 'Name')).toEqual([names.adminTokenSecret, names.databaseUrlSecret, names.jwtPrivateKeySecret, names.jwtPublicKeySecret].sort());
    expect(namesOf('AWS::IAM::Role', 'RoleName')).toEqual([names.mediaConvertRole]);
  });

  describe('uploads', () => {
    const uploadsBucket = () => Object.values(resourcesOf(stage.stateful, 'AWS::S3::Bucket')).find((bucket) => String(resolvePseudo(bucket.Properties?.BucketName)).includes('-uploads-'))!;
    const notification = () =>
      (uploadsBucket().Properties?.NotificationConfiguration as { TopicConfigurations: Array<{ Event: string; Topic: unknown; Filter: { S3Key: { Rules: Array<{ Name: string; Value: string }> } } }> }).TopicConfigurations;
    const topicId = () => Object.keys(resourcesOf(stage.stateful, 'AWS::SNS::Topic'))[0]!;

    it('sends every ObjectCreated of the uploads bucket to the fan-out topic, once the topic lets S3 publish', () => {
      expect(notification()).toEqual([expect.objectContaining({ Event: 's3:ObjectCreated:*', Topic: { Ref: topicId() } })]);
      expect(uploadsBucket().DependsOn).toEqual(expect.arrayContaining(Object.keys(resourcesOf(stage.stateful, 'AWS::SNS::TopicPolicy'))));
      const [policy] = Object.values(resourcesOf(stage.stateful, 'AWS::SNS::TopicPolicy'));
      expect(resolvePseudo(policy!.Properties)).toMatchObject({
        PolicyDocument: {
          Statement: [
            {
              Action: 'sns:Publish',
              Principal: { Service: 's3.amazonaws.com' },
              Resource: { Ref: topicId() },
              Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::24hv-dev-uploads-${testEnv.account}-${testEnv.region}` }, StringEquals: { 'aws:SourceAccount': testEnv.account } },
            },
          ],
        },
        Topics: [{ Ref: topicId() }],
      });
    });

    it('lets through the key of an uploaded original and no derived file', () => {
      const rules = notification()[0]!.Filter.S3Key.Rules;
      const passes = (key: string) => rules.every(({ Name, Value }) => (Name === 'prefix' ? key.startsWith(Value) : key.endsWith(Value)));
      expect(passes(sourceKeyOf(videoId))).toBe(true);
      expect(passes(`videos/${videoId}/jobs/j1/720p/source.mp4`)).toBe(false);
      expect(passes(`videos/${videoId}/jobs/j1/hls/source.m3u8`)).toBe(false);
      expect(passes(`videos/${videoId}/metadata.json`)).toBe(false);
    });

    it("delivers the topic to every function subscribed to stored objects, the monolith's side included", () => {
      const endpoints = Object.values(resourcesOf(stage.stateless, 'AWS::SNS::Subscription')).map((subscription) => resolvePseudo(subscription.Properties));
      expect(endpoints).toHaveLength(eventSubscribers[topics.storedObjects]!.length);
      for (const name of eventSubscribers[topics.storedObjects]!) {
        expect(endpoints).toContainEqual({ Protocol: 'lambda', Region: testEnv.region, TopicArn: `arn:aws:sns:${testEnv.region}:${testEnv.account}:${names.uploadEventsTopic}`, Endpoint: functionArn(name) });
      }
    });

    it('names the topic the stateless stack subscribes to', () => {
      expect(Object.values(resourcesOf(stage.stateful, 'AWS::SNS::Topic'))[0]!.Properties?.TopicName).toBe(names.uploadEventsTopic);
    });
  });

  describe('MediaConvert job states', () => {
    const jobStateRule = () =>
      Object.values(resourcesOf(stage.stateless, 'AWS::Events::Rule')).find((rule) => rule.Properties?.EventPattern !== undefined)!.Properties as {
        EventPattern: Record<string, unknown>;
        Targets: Array<{ Arn: unknown }>;
      };
    const matches = (event: unknown) => matchesEventPattern(resolvePseudo(jobStateRule().EventPattern) as Record<string, unknown>, event);

    it('uses a sample the code itself reads as a job state event', () => {
      expect(readJobStateEvent(completeEvent).detail.status).toBe('COMPLETE');
    });

    it('matches a job of the stage that completed or failed', () => {
      expect(matches(completeEvent)).toBe(true);
      expect(matches(withDetail({ status: 'ERROR', errorCode: 1040, errorMessage: 'Input file is invalid', outputGroupDetails: undefined }))).toBe(true);
    });

    it('ignores progress, and the statuses the code refuses to read', () => {
      for (const status of ['SUBMITTED', 'PROGRESSING', 'STATUS_UPDATE', 'INPUT_INFORMATION', 'NEW_WARNING', 'QUEUE_HOP']) expect(matches(withDetail({ status }))).toBe(false);
    });

    it("ignores jobs of another queue (another stage's, or another application's)", () => {
      expect(matches(withDetail({ queue: `arn:aws:mediaconvert:${testEnv.region}:${testEnv.account}:queues/Default` }))).toBe(false);
      expect(matches(withDetail({ queue: `arn:aws:mediaconvert:${testEnv.region}:${testEnv.account}:queues/${resourceNames('prod').mediaConvertQueue}` }))).toBe(false);
    });

    it('ignores events of other sources', () => {
      expect(matches({ ...completeEvent, source: 'aws.s3' })).toBe(false);
    });

    it('filters on the queue the stateful stack creates', () => {
      const [queue] = Object.values(resourcesOf(stage.stateful, 'AWS::MediaConvert::Queue'));
      expect(queue!.Properties?.Name).toBe(names.mediaConvertQueue);
    });

    it('invokes every function subscribed to job states', () => {
      expect(jobStateRule().Targets.map((target) => target.Arn)).toEqual(eventSubscribers[topics.jobStates]!.map(functionArn));
    });
  });

  describe('schedules', () => {
    const scheduleTargets = () =>
      Object.values(resourcesOf(stage.stateless, 'AWS::Events::Rule'))
        .filter((rule) => rule.Properties?.ScheduleExpression !== undefined)
        .map((rule) => ({ schedule: rule.Properties?.ScheduleExpression, targets: (rule.Properties?.Targets as Array<{ Arn: unknown }>).map((target) => target.Arn) }));

    it("retries due deliveries every minute (the registry's scheduleSeconds), on the monolith's side too, and ticks the rollout controller", () => {
      expect(scheduleTargets()).toEqual([
        { schedule: 'rate(1 minute)', targets: [functionArn('edge-proxy')] },
        { schedule: 'rate(1 minute)', targets: [functionArn('notifications')] },
        { schedule: 'rate(1 minute)', targets: [functionArn('legacy-monolith')] },
      ]);
    });

    it('never retries a rollout tick: the next one comes a minute later', () => {
      const configs = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::EventInvokeConfig')).map((config) => config.Properties);
      expect(configs).toContainEqual({ FunctionName: { Ref: functionLogicalId(stage.stateless, names.functionName('edge-proxy')) }, Qualifier: '$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    });
  });

  describe('the MediaConvert role', () => {
    it('is assumed by MediaConvert only, reads uploaded originals and writes renditions, nothing else', () => {
      const [role] = Object.values(resourcesOf(stage.stateful, 'AWS::IAM::Role'));
      expect(role!.Properties).toMatchObject({
        RoleName: names.mediaConvertRole,
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' } }] },
      });
      expect(role!.Properties?.ManagedPolicyArns).toBeUndefined();
      const [policy] = Object.values(resourcesOf(stage.stateful, 'AWS::IAM::Policy'));
      expect(resolvePseudo((policy!.Properties?.PolicyDocument as { Statement: unknown }).Statement)).toEqual([
        { Action: 's3:GetObject', Effect: 'Allow', Resource: `arn:aws:s3:::24hv-dev-uploads-${testEnv.account}-${testEnv.region}/videos/*` },
        { Action: 's3:PutObject', Effect: 'Allow', Resource: `arn:aws:s3:::24hv-dev-renditions-${testEnv.account}-${testEnv.region}/videos/*` },
      ]);
    });
  });
});
