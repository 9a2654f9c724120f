import type { Rendition, Video, VideoStatus, Failure } from './video';

/** A position in the newest-first listing: the last video of the previous page. */
export interface ListPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** Where videos and their renditions live. */
export interface VideoStore {
  create(video: Video): Promise<void>;
  findById(id: string): Promise<Video | undefined>;
  /** A caller's videos, newest first, strictly after `after` when given. */
  listOwned(ownerId: string, limit: number, after?: ListPosition): Promise<Video[]>;
  /** Ids of videos in a status, oldest first (recovery after a restart). */
  listIdsByStatus(status: VideoStatus, limit: number): Promise<string[]>;
  /** Renditions of each video, keyed by video id. */
  renditionsOf(videoIds: readonly string[]): Promise<Map<string, Rendition[]>>;
  /** Records a status change; returns false when the video no longer exists. */
  setStatus(id: string, status: VideoStatus, error: Failure | null, at: Date): Promise<boolean>;
  /** Removes the video; its renditions, jobs and metadata go with it (foreign keys cascade). */
  delete(id: string): Promise<void>;
}
