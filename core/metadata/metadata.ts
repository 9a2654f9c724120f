import type { MediaInfo } from '../media/media-info';

/** The technical facts of a video's original, as extracted by ffprobe. */
export interface VideoMetadata extends MediaInfo {
  readonly videoId: string;
  readonly extractedAt: Date;
}

/** The Metadata object of the legacy API. */
export interface MetadataView {
  videoId: string;
  durationSeconds: number;
  sizeBytes: number;
  bitRate: number;
  formatName: string;
  video: { codec: string; width: number; height: number; frameRate: number; pixelFormat: string } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
  extractedAt: string;
}

/** Projects stored metadata onto the legacy API's Metadata shape. */
export function toMetadataView(metadata: VideoMetadata): MetadataView {
  return {
    videoId: metadata.videoId,
    durationSeconds: metadata.durationSeconds,
    sizeBytes: metadata.sizeBytes,
    bitRate: metadata.bitRate,
    formatName: metadata.formatName,
    video: metadata.video && { ...metadata.video },
    audio: metadata.audio && { ...metadata.audio },
    extractedAt: metadata.extractedAt.toISOString(),
  };
}
