import type { Transporter } from 'nodemailer';
import { composeEmailMessage } from '../email-message';
import { DeliveryFailedError, type NotificationSender, type OutgoingNotification } from '../notification-sender';

export interface EmailSenderOptions {
  /** SMTP (nodemailer.createTransport(url)) or the local outbox folder. */
  readonly transport: Transporter;
  readonly from: string;
  /** Where customers reach the API, for the link to the video. */
  readonly publicBaseUrl: string;
}

/** Sends "your video is ready / failed" e-mails with a link to the video. */
export class EmailSender implements NotificationSender {
  constructor(private readonly options: EmailSenderOptions) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const { subject, text } = composeEmailMessage(notification, this.options.publicBaseUrl);
    try {
      await this.options.transport.sendMail({
        from: this.options.from,
        to: notification.target,
        subject,
        text,
        // Stable across retries, so a mail client shows a message that was sent twice once.
        messageId: `<${notification.deliveryId}@notifications.24hourvideo.local>`,
      });
    } catch (error) {
      throw new DeliveryFailedError(`the e-mail could not be sent: ${(error as Error).message}`, { cause: error });
    }
  }
}
