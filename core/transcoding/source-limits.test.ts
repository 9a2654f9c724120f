import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../media/media-info';
import { assertWithinSourceLimits, SourceTooLargeError } from './source-limits';

const source = (overrides: { width?: number; height?: number; frameRate?: number; durationSeconds?: number } = {}): MediaInfo => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: overrides.durationSeconds ?? 60,
  sizeBytes: 200_000,
  bitRate: 26_666,
  video: { codec: 'h264', width: overrides.width ?? 1920, height: overrides.height ?? 1080, frameRate: overrides.frameRate ?? 30, pixelFormat: 'yuv420p' },
  audio: null,
});

describe('assertWithinSourceLimits', () => {
  it('takes an 8K UHD source of 12 hours at 240 fps, the largest there is', () => {
    expect(() => assertWithinSourceLimits(source({ width: 7680, height: 4320, frameRate: 240, durationSeconds: 12 * 3600 }))).not.toThrow();
  });

  it.each([
    ['a picture of 8192×8192', { width: 8192, height: 8192 }, 'its picture is 8192×8192, more than 7680×4320 pixels'],
    ['a running time of 1000 hours', { durationSeconds: 3_600_000 }, 'it declares 3600000 s, more than 43200 s'],
    ['1000 frames per second', { frameRate: 1000 }, 'it declares 1000 frames per second, more than 240'],
  ])('refuses a header declaring %s, saying what is too large', (_name, overrides, reason) => {
    const act = () => assertWithinSourceLimits(source(overrides));
    expect(act).toThrow(SourceTooLargeError);
    expect(act).toThrow(`The video is too large to transcode: ${reason}`);
  });

  it('judges an audio-only source by its duration alone', () => {
    expect(() => assertWithinSourceLimits({ ...source(), video: null })).not.toThrow();
  });
});
