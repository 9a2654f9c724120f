import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsTopicPublisher } from './sns.topic-publisher';

const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
const sns = mockClient(client);
const publisher = new SnsTopicPublisher(client);
const topicArn = 'arn:aws:sns:eu-west-1:111122223333:24hv-video-outcomes';

const publishedInputs = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: '5a1b2c3d-0000-4000-8000-000000000001' });
});

describe('SnsTopicPublisher', () => {
  it('publishes the message as a JSON string with its subject', async () => {
    const message = { event: 'video.ready', videoId: '6f1c2a9e-2f4b-4c1d-9a7e-0b5d3c2e1f00', title: 'Holiday in Lisbon' };

    await publisher.publish(topicArn, { subject: 'video.ready', message });

    expect(publishedInputs()).toEqual([{ TopicArn: topicArn, Subject: 'video.ready', Message: JSON.stringify(message) }]);
  });

  it('cuts a subject to the 100 characters SNS accepts', async () => {
    await publisher.publish(topicArn, { subject: `Your video "${'a'.repeat(200)}" is ready`, message: {} });

    const [input] = publishedInputs();
    expect(input?.Subject).toHaveLength(100);
    expect(input?.Subject).toBe(`Your video "${'a'.repeat(88)}`);
  });

  it('never cuts an emoji in half', async () => {
    await publisher.publish(topicArn, { subject: `${'a'.repeat(99)}🎬 end`, message: {} });

    expect(publishedInputs()[0]?.Subject).toBe('a'.repeat(99));
  });

  it('turns line breaks and control characters, which SNS refuses, into spaces', async () => {
    await publisher.publish(topicArn, { subject: ' Evil\r\nBcc: everyone\tnow ', message: {} });

    expect(publishedInputs()[0]?.Subject).toBe('Evil Bcc: everyone now');
  });

  it('leaves out a subject with nothing left in it', async () => {
    await publisher.publish(topicArn, { subject: '\n', message: 'plain' });

    expect(publishedInputs()).toEqual([{ TopicArn: topicArn, Message: '"plain"' }]);
  });

  it('refuses a message JSON cannot carry, without publishing', async () => {
    await expect(publisher.publish(topicArn, { subject: 's', message: undefined })).rejects.toThrow(TypeError);
    expect(sns.calls()).toHaveLength(0);
  });

  it('passes an SNS refusal on', async () => {
    sns.on(PublishCommand).rejects(new Error('NotFound: Topic does not exist'));

    await expect(publisher.publish(topicArn, { subject: 's', message: {} })).rejects.toThrow('Topic does not exist');
  });
});
