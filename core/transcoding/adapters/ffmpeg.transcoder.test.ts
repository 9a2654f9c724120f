import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeCorruptVideo, type ClipOptions } from '../../../test/support/media-clips';
import { FfprobeMediaProbe } from '../../media/adapters/ffprobe.media-probe';
import { locateMediaBinaries } from '../../media/adapters/media-binaries';
import type { MediaInfo } from '../../media/media-info';
import { EncodeAbortedError, TranscodeFailedError } from '../../media/media.errors';
import { findPreset, type Preset } from '../presets';
import type { TranscodeRequest } from '../transcoder';
import { FfmpegTranscoder } from './ffmpeg.transcoder';

const { ffmpegPath, ffprobePath } = locateMediaBinaries();
const transcoder = new FfmpegTranscoder({ ffmpegPath, speed: 'ultrafast' });
const probe = new FfprobeMediaProbe({ ffprobePath });

describe('FfmpegTranscoder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffmpeg-transcoder-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const clips = new Map<string, Promise<string>>();
  /** A generated clip, made once per file however many tests use it. */
  function clip(options: ClipOptions): Promise<string> {
    const key = JSON.stringify(options);
    const made = clips.get(key) ?? makeClip(dir, options);
    clips.set(key, made);
    return made;
  }

  /** Probes the input, as the pipeline does, and encodes it into a fresh output folder. */
  async function transcode(presetId: string, inputPath: string, extra: Partial<TranscodeRequest> = {}) {
    const outputDir = await mkdtemp(join(dir, `${presetId}-`));
    const request = { inputPath, outputDir, preset: preset(presetId), source: await probe.probe(inputPath), ...extra };
    return { outputDir, output: await transcoder.transcode(request) };
  }

  describe('mp4', () => {
    it('encodes H.264/AAC in yuv420p at the source size when it fills the box', async () => {
      const input = await clip({ width: 854, height: 480, seconds: 2 });

      const { outputDir, output } = await transcode('480p', input);

      expect(output).toMatchObject({ files: ['480p.mp4'], entryFile: '480p.mp4', width: 854, height: 480 });
      expect(output.bitrateKbps).toBeGreaterThan(0);
      const encoded = await probe.probe(join(outputDir, '480p.mp4'));
      expect(encoded.video).toMatchObject({ codec: 'h264', width: 854, height: 480, pixelFormat: 'yuv420p' });
      expect(encoded.audio?.codec).toBe('aac');
      expect(encoded.durationSeconds).toBeCloseTo(2, 0);
      const bytes = await readFile(join(outputDir, '480p.mp4'));
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    });

    it('scales a 720p source down into the 480p box', async () => {
      const input = await clip({ width: 1280, height: 720, seconds: 2 });

      const { outputDir, output } = await transcode('480p', input);

      expect(output).toMatchObject({ width: 854, height: 480 });
      expect((await probe.probe(join(outputDir, '480p.mp4'))).video).toMatchObject({ width: 854, height: 480 });
    });

    it('keeps the aspect ratio of a 4:3 source', async () => {
      const input = await clip({ width: 640, height: 480, seconds: 1 });

      const { outputDir, output } = await transcode('480p', input);

      expect(output).toMatchObject({ width: 640, height: 480 });
      expect((await probe.probe(join(outputDir, '480p.mp4'))).video).toMatchObject({ width: 640, height: 480 });
    });

    it('fits a portrait source (stored sideways with a rotation) into the box turned upright', async () => {
      const input = await clip({ width: 1280, height: 720, seconds: 1, audio: false, rotate: 90 });

      const { outputDir, output } = await transcode('480p', input);

      expect(output).toMatchObject({ width: 480, height: 854 });
      const encoded = await probe.probe(join(outputDir, '480p.mp4'));
      expect(encoded.video).toMatchObject({ width: 480, height: 854 });
      expect(encoded.audio).toBeNull();
    });
  });

  describe('hls', () => {
    it('writes 6-second VOD segments and a master playlist of the variants that need no upscaling', async () => {
      const input = await clip({ width: 854, height: 480, seconds: 7 });
      const progress: number[] = [];

      const { outputDir, output } = await transcode('hls', input, { onProgress: (fraction) => progress.push(fraction) });

      expect(output).toEqual({
        files: ['master.m3u8', '480p/index.m3u8', '480p/segment_000.ts', '480p/segment_001.ts'],
        entryFile: 'master.m3u8',
        width: 854,
        height: 480,
        bitrateKbps: 1496,
      });
      expect(await readFile(join(outputDir, 'master.m3u8'), 'utf8')).toBe(
        [
          '#EXTM3U',
          '#EXT-X-VERSION:3',
          '#EXT-X-STREAM-INF:BANDWIDTH=1496000,RESOLUTION=854x480,CODECS="avc1.640028,mp4a.40.2"',
          '480p/index.m3u8',
          '',
        ].join('\n'),
      );
      const variant = await readFile(join(outputDir, '480p/index.m3u8'), 'utf8');
      expect(variant).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(variant).toContain('#EXT-X-ENDLIST');
      const durations = [...variant.matchAll(/#EXTINF:([\d.]+),/g)].map((match) => Number(match[1]));
      expect(durations).toHaveLength(2);
      expect(durations[0]).toBeCloseTo(6, 0);
      expect(durations[1]).toBeCloseTo(1, 0);
      expect(variant.split('\n').filter((line) => line.endsWith('.ts'))).toEqual(['segment_000.ts', 'segment_001.ts']);
      await Promise.all(output.files.map((file) => access(join(outputDir, file))));
      expect(progress.at(-1)).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.every((fraction) => fraction > 0 && fraction <= 1)).toBe(true);
    });

    it('lists every variant a 720p source fills, largest first', async () => {
      const input = await clip({ width: 1280, height: 720, seconds: 2, audio: false });

      const { outputDir, output } = await transcode('hls', input);

      expect(output).toMatchObject({ width: 1280, height: 720, bitrateKbps: 2800 });
      expect(output.files).toEqual(['master.m3u8', '720p/index.m3u8', '720p/segment_000.ts', '480p/index.m3u8', '480p/segment_000.ts']);
      const master = await readFile(join(outputDir, 'master.m3u8'), 'utf8');
      expect(master.split('\n').slice(2)).toEqual([
        '#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.640028"',
        '720p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,CODECS="avc1.640028"',
        '480p/index.m3u8',
        '',
      ]);
    });
  });

  describe('failures', () => {
    it('kills ffmpeg and rejects with EncodeAbortedError when aborted mid-encode', async () => {
      const input = await clip({ width: 854, height: 480, seconds: 2 });
      const source = await probe.probe(input);
      const outputDir = await mkdtemp(join(dir, 'aborted-'));
      // veryslow, so the encode is still running when the test aborts it.
      const slow = new FfmpegTranscoder({ ffmpegPath, speed: 'veryslow' });
      const controller = new AbortController();

      const encoding = slow.transcode({ inputPath: input, outputDir, preset: preset('480p'), source, signal: controller.signal });
      await waitFor(async () => (await processesMentioning(outputDir)) > 0);
      controller.abort();

      await expect(encoding).rejects.toBeInstanceOf(EncodeAbortedError);
      await expect(encoding).rejects.toMatchObject({ code: 'aborted', presetId: '480p' });
      expect(await processesMentioning(outputDir)).toBe(0);
    });

    it('does not start ffmpeg when the signal is already aborted', async () => {
      const input = await clip({ width: 854, height: 480, seconds: 2 });
      const outputDir = await mkdtemp(join(dir, 'pre-aborted-'));

      const encoding = transcoder.transcode({
        inputPath: input,
        outputDir,
        preset: preset('480p'),
        source: await probe.probe(input),
        signal: AbortSignal.abort(),
      });

      await expect(encoding).rejects.toBeInstanceOf(EncodeAbortedError);
      expect(await readdir(outputDir)).toEqual([]);
    });

    it('rejects corrupt input with TranscodeFailedError naming the preset and ffmpeg\'s reason, not the paths', async () => {
      const corrupt = await makeCorruptVideo(dir);
      const outputDir = await mkdtemp(join(dir, 'corrupt-'));

      const encoding = transcoder.transcode({ inputPath: corrupt, outputDir, preset: preset('480p'), source: mediaInfo() });

      await expect(encoding).rejects.toBeInstanceOf(TranscodeFailedError);
      await expect(encoding).rejects.toMatchObject({
        code: 'transcode_failed',
        message: 'Transcoding to 480p failed: moov atom not found; Invalid data found when processing input',
      });
    });
  });
});

function preset(id: string): Preset {
  const found = findPreset(id);
  if (!found) throw new Error(`No preset ${id}`);
  return found;
}

/** What a probe would have said of a plain 854×480 clip with sound. */
function mediaInfo(): MediaInfo {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 2,
    sizeBytes: 40_000,
    bitRate: 160_000,
    video: { codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' },
    audio: { codec: 'aac', sampleRate: 44_100, channels: 1 },
  };
}

/** How many live processes have `text` in their command line (Linux /proc). */
async function processesMentioning(text: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // A process may end between the listing and the read: it no longer counts.
    const commandLine = await readFile(join('/proc', entry, 'cmdline'), 'utf8').catch(() => '');
    if (commandLine.includes(text)) count += 1;
  }
  return count;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
