import * as z from 'zod';
import { MalformedEventError } from './event.errors';
import { isSnsEnvelope, readSnsMessages } from './sns-envelope';

/** An S3 event notification, as S3 sends it to Lambda, SNS or SQS (field names exactly as AWS's). */
export interface S3Event {
  Records: S3EventRecord[];
}

export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  /** ISO 8601, e.g. "2024-05-06T07:08:09.123Z". */
  eventTime: string;
  /** "ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete", ... */
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: {
      /** URL-encoded, spaces as '+': "my+video%C3%A9.mp4" for "my videoé.mp4". Decode before use. */
      key: string;
      /** Absent on ObjectRemoved records. */
      size?: number;
      /** Absent on ObjectRemoved records. */
      eTag?: string;
      versionId?: string;
      /** Orders the events of one key: compare as hex strings of equal length. */
      sequencer: string;
    };
  };
}

/** What S3 sends once when a notification is configured: it has no Records. */
export interface S3TestEvent {
  Service: 'Amazon S3';
  Event: 's3:TestEvent';
  Time: string;
  Bucket: string;
  RequestId: string;
  HostId: string;
}

/** One object an ObjectCreated record announces, its key decoded. */
export interface S3ObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly sizeBytes: number;
  readonly eventName: string;
}

// S3 form-encodes keys in events: each character as encodeURIComponent would, '/' kept, ' ' as '+'.
const encodeS3Key = (key: string) => key.split('/').map((segment) => encodeURIComponent(segment).replaceAll('%20', '+')).join('/');

function decodeS3Key(encoded: string): string {
  // '+' first: a literal '+' arrives as %2B, so it survives the URI decoding that follows.
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch (error) {
    throw new MalformedEventError(`The S3 object key ${JSON.stringify(encoded)} is not valid URL encoding`, { cause: error });
  }
}

/** The S3 event a single-part upload produces, for a storage that is not S3 but speaks like it. */
export function toS3ObjectCreatedEvent(input: { bucket: string; key: string; sizeBytes: number; eTag: string; time: Date; region?: string }): S3Event {
  // S3's sequencer only has to grow per key; the time in hex, fixed width, does locally.
  const sequencer = input.time.getTime().toString(16).toUpperCase().padStart(16, '0');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region ?? 'us-east-1',
        eventTime: input.time.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': sequencer, 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local-object-created',
          bucket: { name: input.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${input.bucket}` },
          object: { key: encodeS3Key(input.key), size: input.sizeBytes, eTag: input.eTag, sequencer },
        },
      },
    ],
  };
}

const testEventSchema = z.object({ Service: z.literal('Amazon S3'), Event: z.literal('s3:TestEvent') });

// Only what is read: S3 adds fields over time, and a new one must not break the pipeline.
const s3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:s3'),
      eventName: z.string().min(1),
      s3: z.object({
        bucket: z.object({ name: z.string().min(1) }),
        object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional() }),
      }),
    }),
  ),
});

function readS3Message(message: unknown, where: string): S3ObjectCreated[] {
  if (testEventSchema.safeParse(message).success) return [];
  const parsed = s3EventSchema.safeParse(message);
  if (!parsed.success) {
    throw new MalformedEventError(
      `Expected an S3 event ({ Records: [{ eventSource: 'aws:s3', ... }] }), an SNS envelope of one, or an s3:TestEvent, but ${where} is not one:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data.Records.flatMap((record, index) => {
    if (!record.eventName.startsWith('ObjectCreated:')) return [];
    const { size } = record.s3.object;
    if (size === undefined) throw new MalformedEventError(`Record ${index} of ${where} is an ObjectCreated record without s3.object.size`);
    return [{ bucket: record.s3.bucket.name, key: decodeS3Key(record.s3.object.key), sizeBytes: size, eventName: record.eventName }];
  });
}

/**
 * The objects an event announces as created, keys decoded. Reads an S3 event, an SNS envelope of
 * S3 events, and the s3:TestEvent (nothing); ignores other event types (ObjectRemoved, ...);
 * throws MalformedEventError on anything else.
 */
export function readStoredObjects(event: unknown): S3ObjectCreated[] {
  if (isSnsEnvelope(event)) return readSnsMessages(event).flatMap((message, index) => readS3Message(message, `the message of SNS record ${index}`));
  return readS3Message(event, 'the event');
}
