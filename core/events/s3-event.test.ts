import { describe, expect, it } from 'vitest';
import { MalformedEventError } from './event.errors';
import { readStoredObjects, toS3ObjectCreatedEvent, type S3Event, type S3EventRecord, type S3TestEvent } from './s3-event';
import { toSnsEnvelope } from './sns-envelope';

const time = new Date('2024-05-06T07:08:09.123Z');
const created = (key: string, sizeBytes = 1234) => toS3ObjectCreatedEvent({ bucket: 'videos-bucket', key, sizeBytes, eTag: 'd41d8cd98f00b204e9800998ecf8427e', time });
/** A put event whose key is given already encoded, as S3 would send it. */
const withEncodedKey = (key: string): S3Event => ({ Records: created('x').Records.map((record) => ({ ...record, s3: { ...record.s3, object: { ...record.s3.object, key } } })) });

// Hand-written from the AWS docs' sample (Lambda console "s3-put" test event), as S3 sends it.
const awsPutSample: S3Event = {
  Records: [
    {
      eventVersion: '2.0',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '1970-01-01T00:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'EXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'testConfigRule',
        bucket: { name: 'example-bucket', ownerIdentity: { principalId: 'EXAMPLE' }, arn: 'arn:aws:s3:::example-bucket' },
        object: { key: 'test%2Fkey', size: 1024, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
      },
    },
  ],
};

// A delete as S3 reports it: no size, no eTag.
const awsDeleteRecord: S3EventRecord = {
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  awsRegion: 'us-east-1',
  eventTime: '2024-05-06T07:08:09.123Z',
  eventName: 'ObjectRemoved:Delete',
  userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
  requestParameters: { sourceIPAddress: '205.255.255.255' },
  responseElements: { 'x-amz-request-id': 'D82B88E5F771F645', 'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=' },
  s3: {
    s3SchemaVersion: '1.0',
    configurationId: 'delete-notifications',
    bucket: { name: 'videos-bucket', ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: 'arn:aws:s3:::videos-bucket' },
    object: { key: 'videos/v1/source', sequencer: '0055AED6DCD90281E5' },
  },
};

const testEvent: S3TestEvent = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2014-10-13T15:57:02.089Z',
  Bucket: 'videos-bucket',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

describe('toS3ObjectCreatedEvent', () => {
  it('builds the record S3 sends for a put', () => {
    const event = toS3ObjectCreatedEvent({ bucket: 'videos-bucket', key: 'videos/v1/source', sizeBytes: 42, eTag: 'abc123', time, region: 'eu-west-1' });

    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2024-05-06T07:08:09.123Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'videos-bucket', arn: 'arn:aws:s3:::videos-bucket' },
        object: { key: 'videos/v1/source', size: 42, eTag: 'abc123', sequencer: expect.stringMatching(/^[0-9A-F]{16}$/) },
      },
    });
  });

  it('encodes the key as S3 does: spaces as "+", a literal "+" as %2B, "/" kept', () => {
    expect(created('videos/my holiday+1 (é).mp4').Records[0]?.s3.object.key).toBe('videos/my+holiday%2B1+(%C3%A9).mp4');
  });

  it('orders events of later puts after earlier ones', () => {
    const sequencer = (at: Date) => toS3ObjectCreatedEvent({ bucket: 'b', key: 'k', sizeBytes: 0, eTag: '', time: at }).Records[0]?.s3.object.sequencer ?? '';
    expect(sequencer(new Date('2024-05-06T07:08:09.124Z')) > sequencer(time)).toBe(true);
  });
});

describe('readStoredObjects', () => {
  it.each(['videos/v1/source', 'videos/my holiday video.mp4', 'vidéo/日本語 ファイル.mov', 'a+b/c+ d.mp4', 'literal%20percent', '100%.mp4', "(1) it's!*~.mp4", 'emoji 🎬.mp4', ' leading and trailing '])(
    'gets back the key %j decoded',
    (key) => {
      expect(readStoredObjects(created(key))).toEqual([{ bucket: 'videos-bucket', key, sizeBytes: 1234, eventName: 'ObjectCreated:Put' }]);
    },
  );

  it('reads the AWS sample event, decoding %2F', () => {
    expect(readStoredObjects(awsPutSample)).toEqual([{ bucket: 'example-bucket', key: 'test/key', sizeBytes: 1024, eventName: 'ObjectCreated:Put' }]);
  });

  it('decodes keys as S3 encodes them, "+" first then percent escapes', () => {
    expect(readStoredObjects(withEncodedKey('videos/My+Video+%281%29+%2B+more.mp4'))[0]?.key).toBe('videos/My Video (1) + more.mp4');
  });

  it('reads an S3 event wrapped by SNS', () => {
    const wrapped = toSnsEnvelope({ topicArn: 'arn:aws:sns:us-east-1:123456789012:uploads', subject: 'Amazon S3 Notification', message: created('videos/my video.mp4'), time });

    expect(readStoredObjects(wrapped)).toEqual([{ bucket: 'videos-bucket', key: 'videos/my video.mp4', sizeBytes: 1234, eventName: 'ObjectCreated:Put' }]);
  });

  it('acknowledges the s3:TestEvent with nothing to do, bare or wrapped by SNS', () => {
    expect(readStoredObjects(testEvent)).toEqual([]);
    expect(readStoredObjects(toSnsEnvelope({ topicArn: 'arn:aws:sns:us-east-1:123456789012:uploads', message: testEvent, time }))).toEqual([]);
  });

  it('keeps only ObjectCreated records', () => {
    const multipart = { ...awsPutSample.Records[0], eventName: 'ObjectCreated:CompleteMultipartUpload' };
    const event = { Records: [awsDeleteRecord, ...created('a').Records, multipart] };

    expect(readStoredObjects(event).map((object) => [object.key, object.eventName])).toEqual([
      ['a', 'ObjectCreated:Put'],
      ['test/key', 'ObjectCreated:CompleteMultipartUpload'],
    ]);
    expect(readStoredObjects({ Records: [awsDeleteRecord] })).toEqual([]);
    expect(readStoredObjects({ Records: [] })).toEqual([]);
  });

  it('reads an event that went through JSON, as every event does', () => {
    expect(readStoredObjects(JSON.parse(JSON.stringify(created('x y'))))).toEqual(readStoredObjects(created('x y')));
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'ObjectCreated:Put'],
    ['an object without Records', { detail: {} }],
    ['Records that are not a list', { Records: 'none' }],
    ['a record from another source', { Records: [{ ...awsPutSample.Records[0], eventSource: 'aws:sqs' }] }],
    ['a record without a key', { Records: [{ ...awsPutSample.Records[0], s3: { bucket: { name: 'b' }, object: { size: 1 } } }] }],
    ['an ObjectCreated record without a size', { Records: [{ ...awsDeleteRecord, eventName: 'ObjectCreated:Put' }] }],
    ['a key that is not valid URL encoding', withEncodedKey('bad%E0%A4%A')],
  ])('fails on %s', (_name, event) => {
    expect(() => readStoredObjects(event)).toThrow(MalformedEventError);
  });

  it('fails on an SNS delivery that carries something other than an S3 event, saying where', () => {
    const wrapped = toSnsEnvelope({ topicArn: 'arn:aws:sns:us-east-1:123456789012:uploads', message: { videoId: 'v1' }, time });

    expect(() => readStoredObjects(wrapped)).toThrow(/Expected an S3 event.*the message of SNS record 0/s);
  });
});
