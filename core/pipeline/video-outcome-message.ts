import * as z from 'zod';
import { videoEventNames, type VideoEventName } from '../notifications/delivery';

/** The announcement of an outcome, as the pipeline publishes it (the SNS message). */
export interface VideoOutcomeMessage {
  readonly event: VideoEventName;
  readonly eventKey: string;
  readonly videoId: string;
  readonly occurredAt: string;
}

/** What consumers read of that message: the notifications side reads the rest from the outbox, by key. */
export const videoOutcomeMessageSchema = z.object({
  event: z.enum(videoEventNames),
  eventKey: z.string().min(1).max(150),
});
