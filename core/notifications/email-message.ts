import * as z from 'zod';
import { DeliveryFailedError, type OutgoingNotification } from './notification-sender';

/** A plain-text e-mail, the same whichever channel (SMTP, outbox, SES) carries it. */
export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
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

/**
 * The "your video is ready / could not be processed" e-mail of a delivery, linking to the video under
 * `publicBaseUrl`. Throws DeliveryFailedError when the stored payload is not a video notification.
 */
export function composeEmailMessage(notification: OutgoingNotification, publicBaseUrl: string): EmailMessage {
  const video = readVideo(notification.payload);
  const title = oneLine(video.title);
  const link = `${publicBaseUrl}/api/videos/${encodeURIComponent(notification.videoId)}`;
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
