import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { DeliveryFailedError, type NotificationSender, type OutgoingNotification } from '../notification-sender';

export interface EmailSenderOptions {
  /** SMTP (nodemailer.createTransport(url)) or the local outbox folder. */
  readonly transport: Transporter;
  readonly from: string;
  /** Where customers reach the API, for the link to the video. */
  readonly publicBaseUrl: string;
}

// Only what the message needs; the rest of the Video JSON may grow freely.
const payloadSchema = z.object({
  video: z.looseObject({
    title: z.string(),
    error: z.looseObject({ message: z.string() }).nullish(),
  }),
});

/** Header-safe: a title is the customer's text and must not start a new header line. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

interface Message {
  subject: string;
  text: string;
}

function readVideo(payload: string): z.output<typeof payloadSchema>['video'] {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (error) {
    throw new DeliveryFailedError('the stored payload is not JSON', { cause: error });
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new DeliveryFailedError('the stored payload is not a video notification');
  return parsed.data.video;
}

function composeMessage(notification: OutgoingNotification, link: string): Message {
  const video = readVideo(notification.payload);
  const title = oneLine(video.title);
  const footer = `You receive this e-mail because you subscribed to ${notification.event} notifications on 24-Hour Video.`;
  if (notification.event === 'video.ready') {
    return {
      subject: `Your video "${title}" is ready`,
      text: `Your video "${title}" is ready to watch.\n\n${link}\n\n${footer}\n`,
    };
  }
  const reason = video.error?.message ?? 'no reason was recorded';
  return {
    subject: `Your video "${title}" could not be processed`,
    text: `Your video "${title}" could not be processed.\n\nReason: ${reason}\n\n${link}\n\n${footer}\n`,
  };
}

/** Sends "your video is ready / failed" e-mails with a link to the video. */
export class EmailSender implements NotificationSender {
  constructor(private readonly options: EmailSenderOptions) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const link = `${this.options.publicBaseUrl}/api/videos/${encodeURIComponent(notification.videoId)}`;
    const { subject, text } = composeMessage(notification, link);
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
