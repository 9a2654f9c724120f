import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeEmailMessage } from '../email-message';
import { DeliveryFailedError, type NotificationSender, type OutgoingNotification } from '../notification-sender';

export interface SesEmailSenderOptions {
  readonly client: SESv2Client;
  /** A verified SES identity (address or domain), optionally with a display name. */
  readonly from: string;
  /** Where customers reach the API, for the link to the video. */
  readonly publicBaseUrl: string;
}

/** Sends the same "your video is ready / failed" e-mails as EmailSender, through Amazon SES. */
export class SesEmailSender implements NotificationSender {
  constructor(private readonly options: SesEmailSenderOptions) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const { subject, text } = composeEmailMessage(notification, this.options.publicBaseUrl);
    const command = new SendEmailCommand({
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [notification.target] },
      Content: {
        Simple: {
          Subject: { Data: subject, Charset: 'UTF-8' },
          Body: { Text: { Data: text, Charset: 'UTF-8' } },
        },
      },
    });
    try {
      await this.options.client.send(command);
    } catch (error) {
      // SES names the problem (MessageRejected, AccountSuspendedException, ...): keep it for the owner's lastError.
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      throw new DeliveryFailedError(`the e-mail could not be sent: SES refused it (${name}: ${message})`, { cause: error });
    }
  }
}
