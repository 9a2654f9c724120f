import { describe, expect, it } from 'vitest';
import { MalformedEventError } from './event.errors';
import { isSnsEnvelope, readSnsMessages, toSnsEnvelope } from './sns-envelope';

const time = new Date('2024-05-06T07:08:09.123Z');
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:video-ready';

// Hand-written from the AWS Lambda developer guide ("Using Lambda with Amazon SNS"), message ours.
const awsSample = {
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2019-01-02T12:45:07.000Z',
        Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        Message: '{"videoId":"v1","status":"ready"}',
        MessageAttributes: { Test: { Type: 'String', Value: 'TestString' } },
        Type: 'Notification',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&amp;SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda',
        Subject: null,
      },
    },
  ],
};

describe('toSnsEnvelope', () => {
  it('wraps a message the way SNS delivers it to a Lambda', () => {
    const envelope = toSnsEnvelope({ topicArn, subject: 'Video ready', message: { videoId: 'v1' }, messageId: 'm-1', time });

    expect(envelope).toEqual({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: expect.stringMatching(/^arn:aws:sns:eu-west-1:123456789012:video-ready:/),
          Sns: {
            Type: 'Notification',
            MessageId: 'm-1',
            TopicArn: topicArn,
            Subject: 'Video ready',
            Message: '{"videoId":"v1"}',
            Timestamp: '2024-05-06T07:08:09.123Z',
            SignatureVersion: '1',
            Signature: expect.any(String),
            SigningCertUrl: expect.stringMatching(/^https:\/\/sns\.eu-west-1\.amazonaws\.com\//),
            UnsubscribeUrl: expect.stringMatching(/^https:\/\/sns\.eu-west-1\.amazonaws\.com\/\?Action=Unsubscribe/),
            MessageAttributes: {},
          },
        },
      ],
    });
  });

  it('sends a null Subject, not none, when there is no subject, and a fresh MessageId', () => {
    const first = toSnsEnvelope({ topicArn, message: 'x', time });
    const second = toSnsEnvelope({ topicArn, message: 'x', time });

    expect(first.Records[0]?.Sns.Subject).toBeNull();
    expect(first.Records[0]?.Sns.MessageId).not.toBe(second.Records[0]?.Sns.MessageId);
  });

  it('refuses a topic that is not an SNS ARN, and a message JSON cannot carry', () => {
    expect(() => toSnsEnvelope({ topicArn: 'video-ready', message: {}, time })).toThrow(/SNS topic ARN/);
    expect(() => toSnsEnvelope({ topicArn, message: undefined, time })).toThrow(/JSON-serializable/);
  });
});

describe('readSnsMessages', () => {
  it('roundtrips messages, strings and numbers included', () => {
    for (const message of [{ videoId: 'v1', tags: ['a', 'é'] }, 'plain string', 42, null]) {
      expect(readSnsMessages(toSnsEnvelope({ topicArn, message, time }))).toEqual([message]);
    }
  });

  it('reads the AWS sample event', () => {
    expect(readSnsMessages(awsSample)).toEqual([{ videoId: 'v1', status: 'ready' }]);
  });

  it('reads every record of a batch, in order', () => {
    const batch = { Records: [1, 2, 3].flatMap((n) => toSnsEnvelope({ topicArn, message: { n }, time }).Records) };
    expect(readSnsMessages(batch)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it.each([
    ['not an object', 'hello'],
    ['no Records', {}],
    ['records from another source', { Records: [{ EventSource: 'aws:s3', Sns: { Message: '{}' } }] }],
    ['a Message that is not a string', { Records: [{ EventSource: 'aws:sns', Sns: { Message: { already: 'parsed' } } }] }],
  ])('fails on %s', (_name, event) => {
    expect(() => readSnsMessages(event)).toThrow(MalformedEventError);
  });

  it('fails clearly on a Message that is not JSON', () => {
    const event = { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'video v1 is ready' } }] };
    expect(() => readSnsMessages(event)).toThrow(/record 0 carries a Message that is not JSON/);
  });
});

describe('isSnsEnvelope', () => {
  it('tells SNS deliveries from everything else', () => {
    expect(isSnsEnvelope(awsSample)).toBe(true);
    expect(isSnsEnvelope(toSnsEnvelope({ topicArn, message: {}, time }))).toBe(true);
    expect(isSnsEnvelope({ Records: [] })).toBe(false);
    expect(isSnsEnvelope({ Records: [{ eventSource: 'aws:s3' }] })).toBe(false);
    expect(isSnsEnvelope(null)).toBe(false);
    expect(isSnsEnvelope('Records')).toBe(false);
  });
});
