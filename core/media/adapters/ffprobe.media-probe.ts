import { execFile, type ExecFileException } from 'node:child_process';
import { resolve } from 'node:path';
import * as z from 'zod';
import type { AudioStreamInfo, MediaInfo, MediaProbe, VideoStreamInfo } from '../media-info';
import { MediaUnreadableError, meaningfulStderrLines } from '../media.errors';

export interface FfprobeMediaProbeOptions {
  readonly ffprobePath: string;
  readonly timeoutMs?: number;
}

// A report lists every stream; even odd files with dozens of tracks stay far below this.
const maxReportBytes = 1024 * 1024;

/** ffprobe's numbers come as JSON numbers or as decimal strings ("2.000000", "44100"). */
const numeric = z
  .union([z.number(), z.string().trim().min(1)])
  .transform(Number)
  .pipe(z.number());

const reportSchema = z.object({
  format: z.object({
    format_name: z.string().min(1),
    duration: numeric.optional(),
    size: numeric.pipe(z.number().int().nonnegative()),
    bit_rate: numeric.optional(),
  }),
  streams: z
    .array(
      z.looseObject({
        codec_type: z.string().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
      }),
    )
    .default([]),
});

const videoStreamSchema = z.object({
  codec_name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  pix_fmt: z.string().min(1),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  // Rotation is a hint: a malformed one is ignored rather than failing the probe.
  tags: z.object({ rotate: numeric.optional().catch(undefined) }).optional(),
  side_data_list: z.array(z.object({ rotation: numeric.optional().catch(undefined) })).optional(),
});

const audioStreamSchema = z.object({
  codec_name: z.string().min(1),
  sample_rate: numeric.pipe(z.number().int().positive()),
  channels: z.number().int().positive(),
});

// Demuxers that make "video" out of anything: text shown as ANSI art, still images. ffprobe 4
// reads a plain text file as format "tty" with a video stream.
const notVideoFormats = /^(tty|image2|[a-z0-9]+_pipe)$/;

/** Reads media facts with ffprobe; anything ffprobe cannot make sense of is MediaUnreadableError. */
export class FfprobeMediaProbe implements MediaProbe {
  private readonly ffprobePath: string;
  private readonly timeoutMs: number;

  constructor({ ffprobePath, timeoutMs = 30_000 }: FfprobeMediaProbeOptions) {
    this.ffprobePath = ffprobePath;
    this.timeoutMs = timeoutMs;
  }

  async probe(filePath: string): Promise<MediaInfo> {
    // Absolute, so a name can never read as an option ("-x") or a protocol ("concat:", "http:").
    const absolutePath = resolve(filePath);
    const report = parseReport(await this.runFfprobe(absolutePath));
    if (notVideoFormats.test(report.format.format_name)) throw new MediaUnreadableError(`it is not a video container (${report.format.format_name})`);
    // Cover art is stored as a one-frame video stream: it does not make a file a video.
    const streams = report.streams.filter((stream) => stream.disposition?.attached_pic !== 1);
    const videoStream = streams.find((stream) => stream.codec_type === 'video');
    if (!videoStream) throw new MediaUnreadableError('it has no video stream');
    const { format } = report;
    const durationSeconds = format.duration;
    if (durationSeconds === undefined || !(durationSeconds > 0)) {
      throw new MediaUnreadableError('it has no duration');
    }
    const audioStream = streams.find((stream) => stream.codec_type === 'audio');
    return {
      formatName: format.format_name,
      durationSeconds,
      sizeBytes: format.size,
      bitRate: format.bit_rate ?? Math.round((format.size * 8) / durationSeconds),
      video: toVideoStreamInfo(videoStream),
      audio: audioStream ? toAudioStreamInfo(audioStream) : null,
    };
  }

  private runFfprobe(absolutePath: string): Promise<string> {
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', absolutePath];
    const options = { encoding: 'utf8' as const, timeout: this.timeoutMs, killSignal: 'SIGKILL' as const, maxBuffer: maxReportBytes };
    return new Promise((resolvePromise, reject) => {
      execFile(this.ffprobePath, args, options, (error, stdout, stderr) => {
        if (error) reject(this.toProbeError(error, stderr, absolutePath));
        else resolvePromise(stdout);
      });
    });
  }

  private toProbeError(error: ExecFileException, stderr: string, absolutePath: string): Error {
    if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
      return new MediaUnreadableError('it describes more streams than the platform accepts', { cause: error });
    }
    if (typeof error.code === 'number') {
      const hidden = new Map([[`${absolutePath}: `, ''], [absolutePath, 'the file']]);
      const [reason = 'it is not a media file'] = meaningfulStderrLines(stderr, hidden);
      return new MediaUnreadableError(reason, { cause: error });
    }
    if (error.killed) {
      // A probe that hangs is more likely an overloaded machine than a bad file: let the job retry.
      return new Error(`ffprobe did not finish within ${this.timeoutMs} ms`, { cause: error });
    }
    if (error.signal) {
      return new MediaUnreadableError(`the probe crashed on it (${error.signal})`, { cause: error });
    }
    return new Error(`ffprobe could not be started (${this.ffprobePath}): ${error.message}`, { cause: error });
  }
}

function parseReport(stdout: string): z.infer<typeof reportSchema> {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (error) {
    throw new MediaUnreadableError('the probe gave no readable report', { cause: error });
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    throw new MediaUnreadableError('the probe could not tell its format, size or streams', { cause: parsed.error });
  }
  return parsed.data;
}

function toVideoStreamInfo(stream: unknown): VideoStreamInfo {
  const parsed = videoStreamSchema.safeParse(stream);
  if (!parsed.success) {
    throw new MediaUnreadableError('its video stream cannot be decoded', { cause: parsed.error });
  }
  const { codec_name, width, height, pix_fmt, avg_frame_rate, r_frame_rate, tags, side_data_list } = parsed.data;
  const frameRate = parseFrameRate(avg_frame_rate) ?? parseFrameRate(r_frame_rate);
  if (frameRate === undefined) throw new MediaUnreadableError('its video stream has no frame rate');
  // Phones record portrait video as landscape plus a rotation: report the size as displayed.
  const rotation = tags?.rotate ?? side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? 0;
  const sideways = Math.abs(rotation) % 180 === 90;
  return {
    codec: codec_name,
    width: sideways ? height : width,
    height: sideways ? width : height,
    frameRate,
    pixelFormat: pix_fmt,
  };
}

/** The first audio stream, or null when it is not decodable (the video is still usable, silent). */
function toAudioStreamInfo(stream: unknown): AudioStreamInfo | null {
  const parsed = audioStreamSchema.safeParse(stream);
  if (!parsed.success) return null;
  return { codec: parsed.data.codec_name, sampleRate: parsed.data.sample_rate, channels: parsed.data.channels };
}

/** "30000/1001" → 29.97; undefined for ffprobe's "0/0" (unknown). */
function parseFrameRate(rational: string | undefined): number | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(rational ?? '');
  if (!match) return undefined;
  const rate = Number(match[1]) / Number(match[2]);
  return Number.isFinite(rate) && rate > 0 ? Math.round(rate * 1000) / 1000 : undefined;
}
