import type { VideoEventName } from './delivery';

/** What the pipeline hands to notifications when a video reaches `ready` or `failed`. */
export interface VideoEvent {
  /** Identifies one occurrence, e.g. "video.ready:<videoId>:<jobId>": a replay carries the same key. */
  readonly key: string;
  readonly name: VideoEventName;
  readonly ownerId: string;
  readonly videoId: string;
  readonly occurredAt: Date;
  /** The Video JSON exactly as the legacy API shows it. */
  readonly video: { title: string } & Record<string, unknown>;
}
