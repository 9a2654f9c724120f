import type { VideoEventName } from '../notifications/delivery';
import type { Failure } from '../videos/video';
import type { VideoView } from '../videos/video-view';

/** How a video's processing ended: playable, or given up on with a reason. */
export type VideoOutcome = { readonly status: 'ready' } | { readonly status: 'failed'; readonly error: Failure };

/** The announcement of an outcome, as the pipeline publishes it (the SNS message). */
export interface VideoOutcomeMessage {
  readonly event: VideoEventName;
  readonly eventKey: string;
  readonly videoId: string;
  readonly occurredAt: string;
}

/**
 * Records a video's outcome and, in the same transaction, the notifications it causes (the
 * outbox), so there is never a ready video without its deliveries or the other way round.
 */
export interface VideoOutcomeRecorder {
  /** Returns the video as now shown, or undefined when it no longer exists. */
  record(videoId: string, outcome: VideoOutcome, eventKey: string, at: Date): Promise<VideoView | undefined>;
}
