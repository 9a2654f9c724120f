import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { MalformedEventError } from './event.errors';

/** What a Lambda subscribed to an SNS topic receives (field names and casing exactly as AWS sends them). */
export interface SnsEnvelope {
  Records: SnsRecord[];
}

export interface SnsRecord {
  EventSource: 'aws:sns';
  EventVersion: '1.0';
  EventSubscriptionArn: string;
  Sns: {
    Type: 'Notification';
    MessageId: string;
    TopicArn: string;
    /** null, not absent, when the publisher gave no subject. */
    Subject: string | null;
    /** The published message: always a string, JSON-encoded by whoever published it. */
    Message: string;
    Timestamp: string;
    SignatureVersion: string;
    Signature: string;
    // Casing as Lambda delivers it ("Url"), unlike the HTTP(S) subscription's "URL".
    SigningCertUrl: string;
    UnsubscribeUrl: string;
    MessageAttributes: Record<string, { Type: string; Value: string }>;
  };
}

const topicArnPattern = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** Wraps a message as SNS delivers it to a subscribed Lambda: JSON-encoded into `Sns.Message`. */
export function toSnsEnvelope(input: { topicArn: string; subject?: string; message: unknown; messageId?: string; time: Date }): SnsEnvelope {
  const region = topicArnPattern.exec(input.topicArn)?.[1];
  if (region === undefined) {
    throw new TypeError(`Expected an SNS topic ARN like "arn:aws:sns:us-east-1:000000000000:video-ready", got ${JSON.stringify(input.topicArn)}`);
  }
  const message = JSON.stringify(input.message) as string | undefined;
  if (message === undefined) throw new TypeError('An SNS message must be JSON-serializable: got undefined or a function');
  const subscriptionArn = `${input.topicArn}:local`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: input.messageId ?? randomUUID(),
          TopicArn: input.topicArn,
          Subject: input.subject ?? null,
          Message: message,
          Timestamp: input.time.toISOString(),
          SignatureVersion: '1',
          // Local deliveries are not signed; Lambda subscribers never verify signatures anyway.
          Signature: 'unsigned',
          SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-local.pem`,
          UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** True when `event` is an SNS delivery (its first record comes from aws:sns), whatever it carries. */
export function isSnsEnvelope(event: unknown): boolean {
  return snsProbeSchema.safeParse(event).success;
}

const snsProbeSchema = z.object({ Records: z.tuple([z.object({ EventSource: z.literal('aws:sns') })], z.unknown()) });

const snsEnvelopeSchema = z.object({
  Records: z.array(z.object({ EventSource: z.literal('aws:sns'), Sns: z.object({ Message: z.string() }) })),
});

/** The messages of an SNS delivery, each parsed from its JSON string. */
export function readSnsMessages(event: unknown): unknown[] {
  const parsed = snsEnvelopeSchema.safeParse(event);
  if (!parsed.success) {
    throw new MalformedEventError(`Expected an SNS envelope ({ Records: [{ EventSource: 'aws:sns', Sns: { Message: '<json>' } }] }):\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.Records.map((record, index) => {
    try {
      return JSON.parse(record.Sns.Message) as unknown;
    } catch (error) {
      throw new MalformedEventError(`SNS record ${index} carries a Message that is not JSON: publishers must send JSON.stringify(message)`, { cause: error });
    }
  });
}
