import type { VideoEvent } from '../notifications/video-event';
import type { Failure } from '../videos/video';

/**
 * Settles videos: decides a video's outcome from its job, metadata and renditions, and records the
 * status with the outcome's event (the outbox) in one transaction that holds the video row, so two
 * steps finishing at once settle it exactly once. Each method returns the event to announce, or
 * undefined when there is nothing to announce (still pending, settled already, or deleted).
 */
export interface VideoSettler {
  settle(videoId: string, at: Date): Promise<VideoEvent | undefined>;
  /** Fails a video in processing for a reason found outside its job (an unreadable source); left to the job while it has none. */
  fail(videoId: string, error: Failure, at: Date): Promise<VideoEvent | undefined>;
  /** Recorded events that notifications has not fanned out, recorded before `before`, oldest first. */
  unannounced(before: Date, limit: number): Promise<VideoEvent[]>;
}
