/** A picture size in pixels. */
export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Whether a preset's box can be filled from a source without upscaling, judged on the short side
 * (as "480p" is): an 852×480 or 640×480 source still makes a 480p rendition (scaled to fit the box,
 * aspect kept), and a portrait 1080×1920 source makes a 1080p one.
 */
export function fitsWithoutUpscaling(target: FrameSize, source: FrameSize): boolean {
  return Math.min(target.width, target.height) <= Math.min(source.width, source.height);
}

/** Whether a preset yields anything from this source: an mp4 that fits, or HLS with at least one variant that fits. */
export function canEncodeWithoutUpscaling(preset: FrameSize & { container: 'mp4' | 'hls' }, variants: readonly FrameSize[], source: FrameSize): boolean {
  return preset.container === 'hls' ? variants.some((variant) => fitsWithoutUpscaling(variant, source)) : fitsWithoutUpscaling(preset, source);
}
