import { randomUUID } from 'node:crypto';
import { MessageRejected, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeEmailMessage } from '../email-message';
import { DeliveryFailedError, type OutgoingNotification } from '../notification-sender';
import { SesEmailSender } from './ses.email.sender';

const client = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
const ses = mockClient(client);
const publicBaseUrl = 'https://videos.example.com';
const sender = new SesEmailSender({ client, from: '24-Hour Video <no-reply@24hourvideo.example.com>', publicBaseUrl });

const aNotification = (video: Record<string, unknown>, overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => {
  const deliveryId = randomUUID();
  return {
    deliveryId,
    event: 'video.ready',
    videoId: 'b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b',
    target: 'ada@example.com',
    secret: null,
    payload: JSON.stringify({ id: deliveryId, event: overrides.event ?? 'video.ready', occurredAt: '2026-11-23T10:00:00.000Z', video }),
    ...overrides,
  };
};

const sentInputs = () => ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: '0100018f-example' });
});

describe('SesEmailSender', () => {
  it('sends the ready e-mail as a simple text message from the configured identity to the target', async () => {
    await sender.send(aNotification({ title: 'Holiday in Lisbon', error: null }));

    const text =
      'Your video "Holiday in Lisbon" is ready to watch.\n\n' +
      'https://videos.example.com/api/videos/b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b\n\n' +
      'You receive this e-mail because you subscribed to video.ready notifications on 24-Hour Video.\n';
    expect(sentInputs()).toEqual([
      {
        FromEmailAddress: '24-Hour Video <no-reply@24hourvideo.example.com>',
        Destination: { ToAddresses: ['ada@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Your video "Holiday in Lisbon" is ready', Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' } },
          },
        },
      },
    ]);
  });

  it('sends exactly the subject and text the SMTP and outbox sender composes, failures included', async () => {
    const failed = aNotification({ title: 'Broken\r\nupload', error: { code: 'unsupported_media', message: 'The file is not a video container' } }, { event: 'video.failed' });

    await sender.send(failed);

    const { subject, text } = composeEmailMessage(failed, publicBaseUrl);
    expect(sentInputs()[0]?.Content?.Simple).toEqual({ Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } });
    expect(subject).toBe('Your video "Broken upload" could not be processed');
  });

  it('fails the attempt with SES\'s own words when SES refuses the e-mail', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified. The following identities failed the check in region EU-WEST-1: ada@example.com', $metadata: {} }));

    const sending = sender.send(aNotification({ title: 'x' }));

    await expect(sending).rejects.toThrow(DeliveryFailedError);
    await expect(sending).rejects.toThrow('the e-mail could not be sent: SES refused it (MessageRejected: Email address is not verified.');
  });

  it('fails the attempt without calling SES when the payload is not a video notification', async () => {
    await expect(sender.send(aNotification({ name: 'no title' }))).rejects.toThrow(new DeliveryFailedError('the stored payload is not a video notification'));
    expect(ses.calls()).toHaveLength(0);
  });
});
