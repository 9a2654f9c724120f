/** A picture size in pixels. */
export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Whether a target box can be filled from a source without upscaling. Orientation-agnostic: a
 * portrait 1080×1920 source fills a 1920×1080 box (it is encoded as 1080 wide, 1920 high at most).
 */
export function fitsWithoutUpscaling(target: FrameSize, source: FrameSize): boolean {
  const sourceLong = Math.max(source.width, source.height);
  const sourceShort = Math.min(source.width, source.height);
  return Math.max(target.width, target.height) <= sourceLong && Math.min(target.width, target.height) <= sourceShort;
}
