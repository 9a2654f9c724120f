import { describe, expect, it } from 'vitest';
import { toSnsEnvelope } from '../events/sns-envelope';
import { aVideoEvent } from '../notifications/notifications-test-kit';
import { announceOutcome } from './announce-outcome';
import { pipelineEventKind } from './pipeline-event-kind';
import { jobStateEvent, now, RecordingPublisher, s3TestEvent, storedObjectsEvent, viaStorageTopic } from './pipeline-test-kit';
import { videoOutcomeTopicArn } from './topics';

const sourceKey = 'videos/5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41/source';

/** The SNS delivery announceOutcome publishes. */
async function announcedOutcome(): Promise<unknown> {
  const publisher = new RecordingPublisher();
  await announceOutcome(publisher.publish, aVideoEvent('7d3f0c1a-9e2b-4f6a-8c5d-1b0e2a3f4c5d'));
  return publisher.published[0]?.event;
}

// As EventBridge delivers a schedule rule's tick (AWS Lambda developer guide, "Using Lambda with EventBridge").
const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-23T10:02:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/notifications-schedule'],
  detail: {},
};

// A REST API (payload 1.0) proxy event, trimmed to the fields that tell it apart.
const apiGatewayV1Event = {
  resource: '/api/videos/{id}',
  path: '/api/videos/v-1',
  httpMethod: 'GET',
  headers: { Host: 'api.24hourvideo.test' },
  multiValueHeaders: { Host: ['api.24hourvideo.test'] },
  queryStringParameters: null,
  pathParameters: { id: 'v-1' },
  requestContext: { accountId: '000000000000', apiId: 'local', httpMethod: 'GET', requestId: 'req-0001', stage: '$default' },
  body: null,
  isBase64Encoded: false,
};

// An HTTP API (payload 2.0) event, trimmed likewise.
const apiGatewayV2Event = {
  version: '2.0',
  routeKey: 'POST /api/auth/login',
  rawPath: '/api/auth/login',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  requestContext: { accountId: '000000000000', apiId: 'local', http: { method: 'POST', path: '/api/auth/login', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7' } },
  body: '{"email":"ada@example.com"}',
  isBase64Encoded: false,
};

const sqsEvent = { Records: [{ messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', eventSource: 'aws:sqs', body: '{}' }] };

describe('pipelineEventKind', () => {
  it.each([
    ['an S3 event', storedObjectsEvent(sourceKey)],
    ['an S3 event of several records', storedObjectsEvent(sourceKey, 'videos/5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41/jobs/j/480p/480p.mp4')],
    ['the s3:TestEvent', s3TestEvent],
    ['an S3 event wrapped in SNS', viaStorageTopic(storedObjectsEvent(sourceKey))],
    ['the s3:TestEvent wrapped in SNS', viaStorageTopic(s3TestEvent)],
  ])('tells %s as storedObjects', (_case, event) => {
    expect(pipelineEventKind(event)).toBe('storedObjects');
  });

  it('tells the SNS delivery of a video outcome as videoOutcome, by its message, whatever the topic’s account and region', async () => {
    expect(pipelineEventKind(await announcedOutcome())).toBe('videoOutcome');
    const deployed = toSnsEnvelope({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:prod-video-outcomes', message: { event: 'video.failed', eventKey: 'k' }, time: now });
    expect(pipelineEventKind(deployed)).toBe('videoOutcome');
  });

  it('tells an SNS delivery that carries no video outcome as storedObjects (S3 notifications through SNS)', () => {
    const other = toSnsEnvelope({ topicArn: videoOutcomeTopicArn, message: { eventKey: 'k' }, time: now });
    const notJson = { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'not json' } }] };

    expect(pipelineEventKind(other)).toBe('storedObjects');
    expect(pipelineEventKind(notJson)).toBe('storedObjects');
  });

  it.each(['PROGRESSING', 'COMPLETE', 'ERROR'] as const)('tells a MediaConvert %s job state change as jobState', (status) => {
    expect(pipelineEventKind(jobStateEvent(status, { videoId: 'v', jobId: 'j' }))).toBe('jobState');
  });

  it('tells an EventBridge Scheduled Event as schedule', () => {
    expect(pipelineEventKind(scheduledEvent)).toBe('schedule');
  });

  it.each([
    ['an EventBridge event of another kind', { ...scheduledEvent, source: 'aws.s3', 'detail-type': 'Object Created' }],
    ['an API Gateway REST (v1) event', apiGatewayV1Event],
    ['an API Gateway HTTP (v2) event', apiGatewayV2Event],
    ['an SQS event', sqsEvent],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 's3:TestEvent'],
    ['an empty array', []],
    ['an array of S3 records', storedObjectsEvent(sourceKey).Records],
    ['an empty object', {}],
    ['Records that are no array', { Records: 'aws:s3' }],
    ['a test event of another service', { Event: 'sqs:TestEvent' }],
  ])('tells %s as no pipeline event', (_case, event) => {
    expect(pipelineEventKind(event)).toBeUndefined();
  });
});
