import { describe, expect, it } from 'vitest';
import { largestFirst } from './encode-order';
import { hlsVariants, presets } from './presets';

const idsOf = (ordered: readonly { id: string }[]) => ordered.map((preset) => preset.id);

describe('largestFirst', () => {
  it('puts HLS after 1080p and before 720p, as it encodes 720p and 480p in one run', () => {
    expect(idsOf(largestFirst(presets, hlsVariants, { width: 1920, height: 1080 }))).toEqual(['1080p', 'hls', '720p', '480p']);
  });

  it('counts only the HLS variants that fit the source: from 480p, HLS and the 480p mp4 weigh the same and keep their order', () => {
    const [, , mp4480, hls] = presets;
    expect(idsOf(largestFirst([mp4480!, hls!], hlsVariants, { width: 854, height: 480 }))).toEqual(['480p', 'hls']);
    expect(idsOf(largestFirst([hls!, mp4480!], hlsVariants, { width: 854, height: 480 }))).toEqual(['hls', '480p']);
  });

  it('leaves the presets it is given as they are', () => {
    const given = [...presets];

    largestFirst(given, hlsVariants, { width: 1920, height: 1080 });

    expect(given).toEqual(presets);
  });
});
