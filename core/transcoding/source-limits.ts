import type { MediaInfo } from '../media/media-info';

/**
 * The largest source the encoders take on. A few hundred kilobytes can declare a picture of
 * gigapixels or a running time of years (a "video bomb"): decoding it would take the worker's memory
 * or hours of CPU, so the header is judged before any frame is decoded. 8K UHD, 240 fps and 12 hours
 * are beyond any upload this platform serves.
 */
export const sourceLimits = { maxPixels: 7680 * 4320, maxFrameRate: 240, maxDurationSeconds: 12 * 3600 } as const;

/** The source's header declares more than the encoders take on; a job failure the customer reads. */
export class SourceTooLargeError extends Error {
  readonly code = 'source_too_large';

  constructor(reason: string) {
    super(`The video is too large to transcode: ${reason}`);
    this.name = 'SourceTooLargeError';
  }
}

/** Throws SourceTooLargeError when what a probe read of a source is over `limits`. */
export function assertWithinSourceLimits(source: MediaInfo, limits: typeof sourceLimits = sourceLimits): void {
  const { video, durationSeconds } = source;
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new SourceTooLargeError(`it declares ${Math.round(durationSeconds)} s, more than ${limits.maxDurationSeconds} s`);
  }
  if (!video) return;
  if (video.width * video.height > limits.maxPixels) {
    throw new SourceTooLargeError(`its picture is ${video.width}×${video.height}, more than 7680×4320 pixels`);
  }
  if (video.frameRate > limits.maxFrameRate) {
    throw new SourceTooLargeError(`it declares ${video.frameRate} frames per second, more than ${limits.maxFrameRate}`);
  }
}
