import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { EncodeAbortedError, TranscodeFailedError, meaningfulStderrLines } from '../../media/media.errors';
import { hlsSegmentSeconds, hlsVariants, type HlsVariant } from '../presets';
import { fitsWithoutUpscaling, type FrameSize } from '../upscaling';
import type { TranscodeOutput, TranscodeRequest, Transcoder } from '../transcoder';
import type { EncoderSpeed } from '../transcoding.config';

export interface FfmpegTranscoderOptions {
  readonly ffmpegPath: string;
  readonly speed: EncoderSpeed;
  /** Encoder threads; ffmpeg picks from the core count when unset. */
  readonly threads?: number;
}

interface Job extends TranscodeRequest {
  /** The displayed size of the source picture. */
  readonly sourceSize: FrameSize;
}

const masterPlaylist = 'master.m3u8';
// What the master playlist declares: High profile level 4.0 (the encoder is capped to it below) and AAC-LC.
const hlsCodecs = { video: 'avc1.640028', audio: 'mp4a.40.2' };
const stderrTailChars = 16 * 1024;
const failureLines = 3;

/** Encodes with a local ffmpeg: H.264/AAC mp4, or HLS variants with a master playlist. */
export class FfmpegTranscoder implements Transcoder {
  constructor(private readonly options: FfmpegTranscoderOptions) {}

  async transcode(request: TranscodeRequest): Promise<TranscodeOutput> {
    const { preset, source } = request;
    if (!source.video) throw new Error(`Cannot transcode to ${preset.id}: the source has no video stream`);
    // Absolute, so a path can never read as an ffmpeg option ("-x") or protocol ("concat:").
    const job: Job = { ...request, inputPath: resolve(request.inputPath), outputDir: resolve(request.outputDir), sourceSize: source.video };
    const output = preset.container === 'mp4' ? await this.encodeMp4(job) : await this.encodeHls(job);
    request.onProgress?.(1);
    return output;
  }

  private async encodeMp4(job: Job): Promise<TranscodeOutput> {
    const { preset, source } = job;
    const size = fitInside(preset, job.sourceSize);
    const entryFile = `${preset.id}.mp4`;
    await this.runFfmpeg(job, [
      '-i', job.inputPath,
      '-map', '0:v:0', ...(source.audio ? ['-map', '0:a:0?'] : []),
      '-vf', `scale=${size.width}:${size.height}`,
      ...this.encoderArgs(preset, source.audio !== null),
      // The index up front lets a browser start playing before the download ends.
      '-movflags', '+faststart',
      join(job.outputDir, entryFile),
    ]);
    const { size: bytes } = await stat(join(job.outputDir, entryFile));
    return {
      files: [entryFile],
      entryFile,
      ...size,
      bitrateKbps: Math.round((bytes * 8) / source.durationSeconds / 1000),
    };
  }

  private async encodeHls(job: Job): Promise<TranscodeOutput> {
    const { preset, source, sourceSize, outputDir } = job;
    const variants = hlsVariants
      .filter((variant) => fitsWithoutUpscaling(variant, sourceSize))
      .map((variant) => ({ ...variant, size: fitInside(variant, sourceSize) }));
    const [largest] = variants;
    if (!largest) throw new Error(`Cannot transcode to ${preset.id}: every HLS variant would upscale the source`);
    const hasAudio = source.audio !== null;
    // Decode once, scale once per variant, one HLS output per variant.
    const filter = [
      `[0:v:0]split=${variants.length}${variants.map((_, index) => `[in${index}]`).join('')}`,
      ...variants.map(({ size }, index) => `[in${index}]scale=${size.width}:${size.height}[out${index}]`),
    ].join(';');
    const outputs: string[] = [];
    for (const [index, variant] of variants.entries()) {
      const folder = join(outputDir, variant.name);
      await mkdir(folder, { recursive: true });
      outputs.push(
        '-map', `[out${index}]`, ...(hasAudio ? ['-map', '0:a:0?'] : []),
        ...this.encoderArgs(variant, hasAudio),
        '-profile:v', 'high', '-level', '4.0',
        // A keyframe every segment length, so every segment is (close to) that long.
        '-force_key_frames', `expr:gte(t,n_forced*${hlsSegmentSeconds})`,
        '-f', 'hls', '-hls_time', String(hlsSegmentSeconds), '-hls_playlist_type', 'vod',
        // '%' is ffmpeg's pattern character: a folder name must not contain a live one.
        '-hls_segment_filename', join(folder.replaceAll('%', '%%'), 'segment_%03d.ts'),
        join(folder, 'index.m3u8'),
      );
    }
    await this.runFfmpeg(job, ['-i', job.inputPath, '-filter_complex', filter, ...outputs]);

    const master = ['#EXTM3U', '#EXT-X-VERSION:3'];
    const files = [masterPlaylist];
    for (const variant of variants) {
      const bandwidth = (variant.videoBitrateKbps + (hasAudio ? variant.audioBitrateKbps : 0)) * 1000;
      const codecs = hasAudio ? `${hlsCodecs.video},${hlsCodecs.audio}` : hlsCodecs.video;
      master.push(
        `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},RESOLUTION=${variant.size.width}x${variant.size.height},CODECS="${codecs}"`,
        `${variant.name}/index.m3u8`,
      );
      const written = (await readdir(join(outputDir, variant.name))).sort();
      files.push(...written.map((file) => posix.join(variant.name, file)));
    }
    await writeFile(join(outputDir, masterPlaylist), `${master.join('\n')}\n`);
    return {
      files,
      entryFile: masterPlaylist,
      ...largest.size,
      bitrateKbps: largest.videoBitrateKbps + (hasAudio ? largest.audioBitrateKbps : 0),
    };
  }

  private encoderArgs(bitrates: Pick<HlsVariant, 'videoBitrateKbps' | 'audioBitrateKbps'>, hasAudio: boolean): string[] {
    const { videoBitrateKbps: video, audioBitrateKbps: audio } = bitrates;
    return [
      '-c:v', 'libx264', '-preset', this.options.speed,
      '-b:v', `${video}k`, '-maxrate', `${video}k`, '-bufsize', `${video * 2}k`,
      // Players outside ffmpeg's world only decode 8-bit 4:2:0.
      '-pix_fmt', 'yuv420p',
      ...(this.options.threads ? ['-threads', String(this.options.threads)] : []),
      ...(hasAudio ? ['-c:a', 'aac', '-b:a', `${audio}k`] : []),
    ];
  }

  /** Runs ffmpeg to completion; rejects with EncodeAbortedError or TranscodeFailedError. */
  private runFfmpeg(job: Job, args: readonly string[]): Promise<void> {
    const { preset, signal, onProgress, source } = job;
    // Checked here, just before the spawn: an 'abort' event that already fired will not fire again.
    if (signal?.aborted) return Promise.reject(new EncodeAbortedError(preset.id, { cause: signal.reason }));
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.options.ffmpegPath, ['-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let settled = false;
      let aborted = false;
      let stderrTail = '';
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else resolvePromise();
      };
      const abort = (): void => {
        aborted = true;
        child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', abort, { once: true });
      if (onProgress) child.stdout.setEncoding('utf8').on('data', readProgress(source.durationSeconds, onProgress));
      else child.stdout.resume();
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-stderrTailChars);
      });
      child.on('error', (error) => settle(new Error(`ffmpeg could not be started (${this.options.ffmpegPath}): ${error.message}`, { cause: error })));
      // 'close', not 'exit': by then ffmpeg is gone and its pipes are drained.
      child.on('close', (code, exitSignal) => {
        if (aborted) return settle(new EncodeAbortedError(preset.id, { cause: signal?.reason }));
        if (code === 0) return settle();
        const hidden = new Map([
          [`${job.inputPath}: `, ''],
          [job.inputPath, 'the source'],
          [`${job.outputDir}/`, ''],
          [job.outputDir, 'the output folder'],
        ]);
        const lines = meaningfulStderrLines(stderrTail, hidden).slice(-failureLines);
        const detail = lines.length > 0 ? lines.join('; ') : `ffmpeg ended with ${exitSignal ?? `exit code ${code}`}`;
        settle(new TranscodeFailedError(preset.id, detail));
      });
    });
  }
}

/**
 * The largest even size inside the box (turned to match a portrait source) that keeps the
 * source's aspect ratio and never exceeds the source.
 */
function fitInside(box: FrameSize, source: FrameSize): FrameSize {
  const portrait = source.height > source.width;
  const boxWidth = portrait ? box.height : box.width;
  const boxHeight = portrait ? box.width : box.height;
  const scale = Math.min(boxWidth / source.width, boxHeight / source.height, 1);
  return {
    width: evenAtMost(source.width * scale, Math.min(boxWidth, source.width)),
    height: evenAtMost(source.height * scale, Math.min(boxHeight, source.height)),
  };
}

/** H.264 with 4:2:0 chroma needs even sizes: the nearest even number, but not above `limit`. */
function evenAtMost(value: number, limit: number): number {
  return Math.max(2, Math.min(2 * Math.round(value / 2), 2 * Math.floor(limit / 2)));
}

/**
 * Turns ffmpeg's `-progress` stream into monotonic fractions below 1: 1 is for when the outputs
 * are complete (an mp4's index is still being moved to the front after the last frame).
 */
function readProgress(durationSeconds: number, onProgress: (fraction: number) => void): (chunk: string) => void {
  let pending = '';
  let reported = 0;
  return (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // Older builds write only out_time_ms, which, despite its name, counts microseconds too.
      const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
      if (!match) continue;
      const fraction = Math.min(0.99, Number(match[1]) / 1e6 / durationSeconds);
      if (fraction > reported) {
        reported = fraction;
        onProgress(fraction);
      }
    }
  };
}
