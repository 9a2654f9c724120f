/** Where a video is in its life: stored, being transcoded, playable, or given up on. */
export type VideoStatus = 'uploaded' | 'transcoding' | 'ready' | 'failed';

/** Why a video or a job failed, for humans and for code. */
export interface Failure {
  readonly code: string;
  readonly message: string;
}

export interface Video {
  readonly id: string;
  readonly ownerId: string;
  readonly title: string;
  readonly status: VideoStatus;
  /** Storage key of the uploaded original. */
  readonly sourceKey: string;
  readonly sourceSizeBytes: number;
  readonly error: Failure | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type RenditionStatus = 'pending' | 'ready' | 'failed' | 'skipped';

/** One preset's output for a video. */
export interface Rendition {
  readonly videoId: string;
  readonly preset: string;
  readonly status: RenditionStatus;
  /** The job whose outputs `storageKey` points at. */
  readonly jobId: string | null;
  /** The mp4 file, or the HLS master playlist. */
  readonly storageKey: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly bitrateKbps: number | null;
  readonly sizeBytes: number | null;
  readonly updatedAt: Date;
}
