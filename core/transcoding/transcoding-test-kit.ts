import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { TypeormUserStore } from '../auth/adapters/typeorm-user.store';
import type { MediaInfo, MediaProbe } from '../media/media-info';
import { EncodeAbortedError, MediaUnreadableError } from '../media/media.errors';
import { TypeormVideoStore } from '../videos/adapters/typeorm-video.store';
import type { Video } from '../videos/video';
import { sourceKeyOf } from '../videos/video-keys';
import type { TranscodeJob } from './transcode-job';
import type { RenditionOutput } from './transcode-job.store';
import type { TranscodeOutput, TranscodeRequest, Transcoder } from './transcoder';

export const testInstant = new Date('2026-11-23T10:00:00.000Z');

/** Stores an account (videos reference their owner) and returns its id. */
export async function insertOwner(dataSource: DataSource): Promise<string> {
  const id = randomUUID();
  await new TypeormUserStore(dataSource).create({
    id,
    email: `${id}@example.com`,
    name: 'Ada',
    role: 'user',
    passwordHash: 'scrypt$10$8$1$salt$hash',
    createdAt: testInstant,
  });
  return id;
}

/** Stores an uploaded video (and a new owner for it unless one is given); jobs reference videos. */
export async function insertVideo(dataSource: DataSource, overrides: Partial<Video> = {}): Promise<Video> {
  const id = overrides.id ?? randomUUID();
  const video: Video = {
    id,
    ownerId: overrides.ownerId ?? (await insertOwner(dataSource)),
    title: 'Holiday in Lisbon',
    status: 'uploaded',
    sourceKey: sourceKeyOf(id),
    sourceSizeBytes: 1_048_576,
    error: null,
    createdAt: testInstant,
    updatedAt: testInstant,
    ...overrides,
  };
  await new TypeormVideoStore(dataSource).create(video);
  return video;
}

/** A queued job of a video, as the service creates it. */
export function aJob(videoId: string, overrides: Partial<TranscodeJob> = {}): TranscodeJob {
  return {
    id: randomUUID(),
    videoId,
    status: 'queued',
    presets: ['1080p', '720p', '480p', 'hls'],
    progress: 0,
    attempts: 0,
    idempotencyKey: null,
    error: null,
    createdAt: testInstant,
    startedAt: null,
    completedAt: null,
    ...overrides,
  };
}

/** A finished preset of a job, stored where the worker stores it. */
export function anOutput(videoId: string, jobId: string, preset: string, overrides: Partial<RenditionOutput> = {}): RenditionOutput {
  const entryFile = preset === 'hls' ? 'master.m3u8' : `${preset}.mp4`;
  return {
    preset,
    storageKey: `videos/${videoId}/jobs/${jobId}/${preset}/${entryFile}`,
    width: 1280,
    height: 720,
    bitrateKbps: 2928,
    sizeBytes: 52_000,
    ...overrides,
  };
}

/** What a probe reports of a two-second source of this size. */
function aMediaInfo(size: { width: number; height: number }): MediaInfo {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 2.5,
    sizeBytes: 1_048_576,
    bitRate: 3_355_443,
    video: { codec: 'h264', width: size.width, height: size.height, frameRate: 30, pixelFormat: 'yuv420p' },
    audio: { codec: 'aac', sampleRate: 48_000, channels: 2 },
  };
}

/** A probe that reports the same source, whatever file it is given. */
export class FakeProbe implements MediaProbe {
  constructor(private readonly size: { width: number; height: number } = { width: 1280, height: 720 }) {}

  async probe(): Promise<MediaInfo> {
    return aMediaInfo(this.size);
  }
}

/** A probe for a file that is not media. */
export class UnreadableProbe implements MediaProbe {
  async probe(): Promise<MediaInfo> {
    throw new MediaUnreadableError('moov atom not found');
  }
}

/** The outputs a preset's encode writes: one mp4, or a master playlist over variant folders. */
async function writeOutputs(request: TranscodeRequest): Promise<TranscodeOutput> {
  const { preset, outputDir } = request;
  const files = preset.container === 'hls' ? ['master.m3u8', '480p/index.m3u8', '480p/index0.ts'] : [`${preset.id}.mp4`];
  for (const file of files) {
    await mkdir(path.dirname(path.join(outputDir, file)), { recursive: true });
    await writeFile(path.join(outputDir, file), `${preset.id}:${file}`);
  }
  return { files, entryFile: files[0] ?? '', width: preset.width, height: preset.height, bitrateKbps: preset.videoBitrateKbps + preset.audioBitrateKbps };
}

/** Rejects once `signal` aborts, as the ffmpeg transcoder does when it kills the encoder. */
function abortion(presetId: string, signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(new EncodeAbortedError(presetId));
    if (signal?.aborted) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
}

/** Encodes at once: reports half-way and done, and writes tiny files in the output folder. */
export class FakeTranscoder implements Transcoder {
  /** Presets encoded, in order. */
  readonly encoded: string[] = [];

  async transcode(request: TranscodeRequest): Promise<TranscodeOutput> {
    if (request.signal?.aborted) throw new EncodeAbortedError(request.preset.id);
    request.onProgress?.(0.5);
    const output = await writeOutputs(request);
    request.onProgress?.(1);
    this.encoded.push(request.preset.id);
    return output;
  }
}

/**
 * Encodes the presets in `blockOn` only until aborted, or until the test finishes or fails them
 * (reporting half-way first); the others as FakeTranscoder does.
 */
export class BlockingTranscoder implements Transcoder {
  private readonly fake = new FakeTranscoder();
  private readonly held: Array<{ readonly preset: string; readonly settle: (error?: Error) => void }> = [];
  /** Presets whose encode started blocking, in order. */
  readonly blocked: string[] = [];
  /** Presets whose blocked encode was aborted. */
  readonly aborted: string[] = [];

  constructor(private readonly blockOn: readonly string[] = ['1080p', '720p', '480p', 'hls']) {}

  /** Presets encoded without blocking or once finished, in order. */
  get encoded(): readonly string[] {
    return this.fake.encoded;
  }

  /** Encodes blocking now. */
  get blocking(): number {
    return this.held.length;
  }

  /** Lets the earliest blocking encode of the preset end as FakeTranscoder's does. */
  finish(presetId: string): void {
    this.release(presetId);
  }

  /** Fails the earliest blocking encode of the preset with `error`. */
  fail(presetId: string, error: Error): void {
    this.release(presetId, error);
  }

  async transcode(request: TranscodeRequest): Promise<TranscodeOutput> {
    if (!this.blockOn.includes(request.preset.id)) return this.fake.transcode(request);
    this.blocked.push(request.preset.id);
    request.onProgress?.(0.5);
    let settle: (error?: Error) => void = () => undefined;
    const released = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    const held = { preset: request.preset.id, settle };
    this.held.push(held);
    try {
      await Promise.race([released, abortion(request.preset.id, request.signal)]);
    } catch (error) {
      if (error instanceof EncodeAbortedError) {
        this.aborted.push(request.preset.id);
        this.held.splice(this.held.indexOf(held), 1);
      }
      throw error;
    }
    return this.fake.transcode(request);
  }

  private release(presetId: string, error?: Error): void {
    const index = this.held.findIndex((held) => held.preset === presetId);
    if (index < 0) throw new Error(`No encode of ${presetId} is blocking; blocking: ${this.held.map((held) => held.preset).join(', ')}`);
    this.held.splice(index, 1)[0]?.settle(error);
  }
}

/** Fails the encode of one preset with `error`; encodes the others as FakeTranscoder does. */
export class ThrowingTranscoder implements Transcoder {
  private readonly fake = new FakeTranscoder();

  constructor(
    private readonly error: Error,
    private readonly failOn: string,
  ) {}

  async transcode(request: TranscodeRequest): Promise<TranscodeOutput> {
    if (request.preset.id === this.failOn) throw this.error;
    return this.fake.transcode(request);
  }
}
