import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

// SNS refuses a longer subject; it is only the e-mail subject of e-mail subscriptions.
const maxSubjectLength = 100;

/** Publishes JSON messages to SNS topics, where subscribed Lambdas receive them in an SNS envelope. */
export class SnsTopicPublisher {
  constructor(private readonly client: SNSClient) {}

  /** Sends `message` JSON-encoded; resolves once SNS accepted it. */
  async publish(topicArn: string, notice: { subject: string; message: unknown }): Promise<void> {
    const message = JSON.stringify(notice.message) as string | undefined;
    if (message === undefined) throw new TypeError('An SNS message must be JSON-serializable: got undefined or a function');
    const subject = toSnsSubject(notice.subject);
    await this.client.send(new PublishCommand({ TopicArn: topicArn, Message: message, ...(subject === '' ? {} : { Subject: subject }) }));
  }
}

// SNS also refuses line breaks and control characters in a subject (they become spaces) and an empty
// one (it is left out). Cut in UTF-16 units, within the limit however SNS counts, never halving an emoji.
function toSnsSubject(subject: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const cut = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, maxSubjectLength);
  return (/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut).trimEnd();
}
