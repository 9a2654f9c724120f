import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudioWithCoverArt, makeClip, makeCorruptVideo, makeNonVideo } from '../../../test/support/media-clips';
import { MediaUnreadableError } from '../media.errors';
import { FfprobeMediaProbe } from './ffprobe.media-probe';
import { locateMediaBinaries } from './media-binaries';

describe('FfprobeMediaProbe', () => {
  const probe = new FfprobeMediaProbe({ ffprobePath: locateMediaBinaries().ffprobePath });
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffprobe-media-probe-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the container, video and audio facts of an mp4', async () => {
    const clip = await makeClip(dir, { width: 854, height: 480, seconds: 2 });

    const info = await probe.probe(clip);

    expect(info.formatName).toContain('mp4');
    expect(info.durationSeconds).toBeCloseTo(2, 1);
    expect(info.sizeBytes).toBe((await stat(clip)).size);
    expect(info.bitRate).toBeGreaterThan(0);
    expect(info.video).toEqual({ codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' });
    expect(info.audio).toEqual({ codec: 'aac', sampleRate: 44_100, channels: 1 });
  });

  it('reports no audio for a silent clip', async () => {
    const clip = await makeClip(dir, { width: 320, height: 240, seconds: 1, audio: false });

    const info = await probe.probe(clip);

    expect(info.audio).toBeNull();
    expect(info.video).toMatchObject({ width: 320, height: 240 });
  });

  it('reports the displayed size of a clip stored sideways with a rotation', async () => {
    const clip = await makeClip(dir, { width: 320, height: 240, seconds: 1, audio: false, rotate: 90 });

    const info = await probe.probe(clip);

    expect(info.video).toMatchObject({ width: 240, height: 320 });
  });

  it.each([
    ['mkv', 'matroska', 'h264', 'aac'],
    ['webm', 'webm', 'vp8', 'opus'],
  ] as const)('reads a %s file', async (container, format, videoCodec, audioCodec) => {
    const clip = await makeClip(dir, { width: 320, height: 240, seconds: 1, container });

    const info = await probe.probe(clip);

    expect(info.formatName).toContain(format);
    expect(info.video).toMatchObject({ codec: videoCodec, width: 320, height: 240 });
    expect(info.audio?.codec).toBe(audioCodec);
  });

  it('rejects a file that starts like an mp4 but is garbage, saying why without the path', async () => {
    const file = await makeCorruptVideo(dir);

    const error = await probe.probe(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect(error).toMatchObject({ code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' });
  });

  it('does not take cover art for a video stream', async () => {
    const file = await makeAudioWithCoverArt(dir);

    const error = await probe.probe(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect(error).toMatchObject({ message: 'The file could not be read as video: it has no video stream' });
  });

  it('rejects a text file', async () => {
    const file = await makeNonVideo(dir);

    const error = await probe.probe(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect(error).toMatchObject({ message: 'The file could not be read as video: it is not a video container (tty)' });
  });

  it('rejects a missing file', async () => {
    const error = await probe.probe(join(dir, 'missing.mp4')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect(error).toMatchObject({ message: 'The file could not be read as video: No such file or directory' });
  });
});
