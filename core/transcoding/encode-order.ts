import type { HlsVariant, Preset } from './presets';
import { fitsWithoutUpscaling, type FrameSize } from './upscaling';

/** Pixels an encode of the preset makes per frame: the HLS preset encodes all its variants that fit in one run. */
function pixelsOf(preset: Preset, variants: readonly HlsVariant[], source: FrameSize): number {
  if (preset.container === 'mp4') return preset.width * preset.height;
  return variants.filter((variant) => fitsWithoutUpscaling(variant, source)).reduce((sum, variant) => sum + variant.width * variant.height, 0);
}

/** The presets, most work first: on few cores the longest encode then does not start last and lengthen the job. */
export function largestFirst(presets: readonly Preset[], variants: readonly HlsVariant[], source: FrameSize): Preset[] {
  return [...presets].sort((a, b) => pixelsOf(b, variants, source) - pixelsOf(a, variants, source));
}
