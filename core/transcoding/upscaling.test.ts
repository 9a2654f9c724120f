import { describe, expect, it } from 'vitest';
import { findPreset, hlsVariants, presetIds, type Preset } from './presets';
import { canEncodeWithoutUpscaling, fitsWithoutUpscaling } from './upscaling';

function preset(id: string): Preset {
  const found = findPreset(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

/** The presets a source of this size yields. */
const encodable = (width: number, height: number) => presetIds.filter((id) => canEncodeWithoutUpscaling(preset(id), hlsVariants, { width, height }));

describe('fitsWithoutUpscaling', () => {
  const box1080 = { width: 1920, height: 1080 };
  const box480 = { width: 854, height: 480 };

  it.each([
    { source: { width: 1920, height: 1080 }, box: box1080, fits: true },
    { source: { width: 1280, height: 720 }, box: box1080, fits: false },
    { source: { width: 852, height: 480 }, box: box480, fits: true },
    { source: { width: 640, height: 480 }, box: box480, fits: true },
    { source: { width: 854, height: 478 }, box: box480, fits: false },
    { source: { width: 1080, height: 1920 }, box: box1080, fits: true },
    { source: { width: 720, height: 1280 }, box: box1080, fits: false },
  ])('judges a $source.width×$source.height source against a $box.width×$box.height box by the short side: $fits', ({ source, box, fits }) => {
    expect(fitsWithoutUpscaling(box, source)).toBe(fits);
  });
});

describe('canEncodeWithoutUpscaling', () => {
  it.each([
    { source: '3840×2160', width: 3840, height: 2160, presets: ['1080p', '720p', '480p', 'hls'] },
    { source: '1920×1080', width: 1920, height: 1080, presets: ['1080p', '720p', '480p', 'hls'] },
    { source: '1280×720', width: 1280, height: 720, presets: ['720p', '480p', 'hls'] },
    { source: '854×480', width: 854, height: 480, presets: ['480p', 'hls'] },
    { source: '1080×1920 (portrait)', width: 1080, height: 1920, presets: ['1080p', '720p', '480p', 'hls'] },
    { source: '480×854 (portrait)', width: 480, height: 854, presets: ['480p', 'hls'] },
    { source: '640×360', width: 640, height: 360, presets: [] },
  ])('yields $presets from a $source source', ({ width, height, presets }) => {
    expect(encodable(width, height)).toEqual(presets);
  });

  it('makes HLS when only its smallest variant fits, though the preset is described by the largest', () => {
    const source = { width: 854, height: 480 };

    expect(fitsWithoutUpscaling(preset('hls'), source)).toBe(false);
    expect(canEncodeWithoutUpscaling(preset('hls'), hlsVariants, source)).toBe(true);
  });

  it('makes no HLS when no variant fits', () => {
    expect(canEncodeWithoutUpscaling(preset('hls'), [{ width: 1280, height: 720 }], { width: 854, height: 480 })).toBe(false);
  });
});
