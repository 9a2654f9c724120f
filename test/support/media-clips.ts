import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { locateMediaBinaries } from '../../core/media/adapters/media-binaries';

const run = promisify(execFile);

export interface ClipOptions {
  readonly width?: number;
  readonly height?: number;
  readonly seconds?: number;
  readonly audio?: boolean;
  readonly container?: 'mp4' | 'mkv' | 'webm' | 'ts';
  /** Display rotation stored as metadata (mp4 only): the picture stays `width`×`height`. */
  readonly rotate?: 90 | 180 | 270;
  readonly name?: string;
}

const h264Aac = { video: ['-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '150k'], audio: ['-c:a', 'aac', '-b:a', '32k'], sampleRate: 44_100 } as const;

const codecs = {
  mp4: h264Aac,
  mkv: h264Aac,
  ts: h264Aac,
  webm: {
    video: ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k'],
    audio: ['-c:a', 'libopus', '-b:a', '32k'],
    sampleRate: 48_000,
  },
} as const;

/** Generates a small test-pattern clip (25 fps, yuv420p, a 440 Hz tone) with the installed ffmpeg. */
export async function makeClip(dir: string, options: ClipOptions = {}): Promise<string> {
  const { width = 854, height = 480, seconds = 2, audio = true, container = 'mp4', rotate } = options;
  const name =
    options.name ?? `clip-${width}x${height}-${seconds}s${audio ? '' : '-silent'}${rotate ? `-rotate${rotate}` : ''}.${container}`;
  const output = join(dir, name);
  const { video: videoCodec, audio: audioCodec, sampleRate } = codecs[container];
  const args = ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25:duration=${seconds}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRate}:duration=${seconds}`);
  args.push('-map', '0:v', ...(audio ? ['-map', '1:a', ...audioCodec] : []), ...videoCodec, '-pix_fmt', 'yuv420p');
  if (!rotate) {
    await ffmpeg([...args, output]);
    return output;
  }
  if (container !== 'mp4') throw new Error('makeClip: rotation metadata is only written to mp4');
  // This ffmpeg (a 2018 build) drops a rotate tag on streams it encodes and keeps it on copied ones.
  const unrotated = `${output}.unrotated.mp4`;
  await ffmpeg([...args, unrotated]);
  await ffmpeg(['-nostdin', '-v', 'error', '-y', '-i', unrotated, '-c', 'copy', '-metadata:s:v:0', `rotate=${rotate}`, output]);
  await rm(unrotated);
  return output;
}

/** An mp3 with cover art: a picture stream that is not a video. */
export async function makeAudioWithCoverArt(dir: string): Promise<string> {
  const output = join(dir, 'song-with-cover.mp3');
  await ffmpeg([
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=1',
    '-f', 'lavfi', '-i', 'color=c=red:size=64x64:duration=0.04',
    '-map', '0:a', '-map', '1:v', '-frames:v', '1',
    '-c:a', 'libmp3lame', '-b:a', '32k', '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p',
    '-disposition:v:0', 'attached_pic', '-id3v2_version', '3',
    output,
  ]);
  return output;
}

/** A file that starts as an MP4 (a valid `ftyp` box, so sniffing says video) and then is garbage. */
export async function makeCorruptVideo(dir: string): Promise<string> {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 0x20]),
    Buffer.from('ftypisom', 'latin1'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2avc1mp41', 'latin1'),
  ]);
  // Deterministic noise: the same bytes on every run, so a failure reproduces.
  const garbage = Buffer.from(Array.from({ length: 16_384 }, (_, index) => (index * 151 + 17) % 256));
  const output = join(dir, 'corrupt.mp4');
  await writeFile(output, Buffer.concat([ftyp, garbage]));
  return output;
}

/** A plain text file, as a customer might upload by mistake. */
export async function makeNonVideo(dir: string): Promise<string> {
  const output = join(dir, 'notes.txt');
  await writeFile(output, 'Shopping list: milk, eggs, a better video.\n');
  return output;
}

async function ffmpeg(args: readonly string[]): Promise<void> {
  await run(locateMediaBinaries().ffmpegPath, args);
}
