import type { VideoMetadata } from './metadata';

/** Where extracted metadata lives: one record per video. */
export interface MetadataStore {
  /** Stores (or replaces, on re-extraction) a video's metadata; false when the video no longer exists. */
  save(metadata: VideoMetadata): Promise<boolean>;
  findByVideoId(videoId: string): Promise<VideoMetadata | undefined>;
}
