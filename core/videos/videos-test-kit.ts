import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findPreset } from '../transcoding/presets';
import { RenditionEntity } from './adapters/rendition.entity';
import { TypeormVideoStore } from './adapters/typeorm-video.store';
import type { Failure, Rendition, Video, VideoStatus } from './video';
import { jobOutputPrefix, sourceKeyOf } from './video-keys';
import type { ListPosition, VideoStore } from './video.store';

/** The instant test videos are created at unless a test says otherwise. */
export const uploadedAt = new Date('2026-11-23T10:00:00.000Z');

/** A just-uploaded video of `ownerId` (1 MiB original, stored under its own source key). */
export function aVideo(overrides: Partial<Video> & Pick<Video, 'ownerId'>): Video {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    title: 'Holiday in Lisbon',
    status: 'uploaded',
    sourceKey: sourceKeyOf(id),
    sourceSizeBytes: 1_048_576,
    error: null,
    createdAt: uploadedAt,
    updatedAt: uploadedAt,
    ...overrides,
  };
}

/**
 * A ready rendition as a finished job leaves it: the preset's size and bitrate, its entry file
 * (`<preset>.mp4`, or `master.m3u8` for HLS) under the job's output folder.
 */
export function aReadyRendition(overrides: Partial<Rendition> & Pick<Rendition, 'videoId' | 'preset'>): Rendition {
  const preset = findPreset(overrides.preset);
  const jobId = overrides.jobId ?? randomUUID();
  const entryFile = overrides.preset === 'hls' ? 'master.m3u8' : `${overrides.preset}.mp4`;
  return {
    status: 'ready',
    jobId,
    storageKey: `${jobOutputPrefix(overrides.videoId, jobId, overrides.preset)}${entryFile}`,
    width: preset?.width ?? 854,
    height: preset?.height ?? 480,
    bitrateKbps: preset ? preset.videoBitrateKbps + preset.audioBitrateKbps : 1496,
    sizeBytes: 2_500_000,
    updatedAt: uploadedAt,
    ...overrides,
  };
}

/** A rendition without a file yet (`pending`), or never to have one (`failed`, `skipped`). */
export function aRenditionWithoutFile(
  overrides: Partial<Rendition> & Pick<Rendition, 'videoId' | 'preset'> & { status: Exclude<Rendition['status'], 'ready'> },
): Rendition {
  return { jobId: randomUUID(), storageKey: null, width: null, height: null, bitrateKbps: null, sizeBytes: null, updatedAt: uploadedAt, ...overrides };
}

/** Stores a video through the real store (its owner must exist: videos reference users). */
export async function insertVideo(dataSource: DataSource, video: Video): Promise<Video> {
  await new TypeormVideoStore(dataSource).create(video);
  return video;
}

/** Stores a rendition row directly, as a finished or running job would have written it. */
export async function insertRendition(dataSource: DataSource, rendition: Rendition): Promise<Rendition> {
  await dataSource.getRepository(RenditionEntity).insert({ ...rendition });
  return rendition;
}

/** Newest first, ties broken by the larger id: the order of the legacy listing. */
export const newestFirst = (a: Pick<Video, 'createdAt' | 'id'>, b: Pick<Video, 'createdAt' | 'id'>) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The VideoStore port in memory, for services tested without a database. */
export class InMemoryVideoStore implements VideoStore {
  readonly videos = new Map<string, Video>();
  readonly renditions: Rendition[] = [];

  async create(video: Video): Promise<void> {
    if (this.videos.has(video.id)) throw new Error(`Video ${video.id} exists already`);
    this.videos.set(video.id, video);
  }

  async findById(id: string): Promise<Video | undefined> {
    return this.videos.get(id);
  }

  async listOwned(ownerId: string, limit: number, after?: ListPosition): Promise<Video[]> {
    return [...this.videos.values()]
      .filter((video) => video.ownerId === ownerId && (!after || newestFirst(after, video) < 0))
      .sort(newestFirst)
      .slice(0, limit);
  }

  async listIdsByStatus(status: VideoStatus, limit: number): Promise<string[]> {
    return [...this.videos.values()]
      .filter((video) => video.status === status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((video) => video.id);
  }

  async renditionsOf(videoIds: readonly string[]): Promise<Map<string, Rendition[]>> {
    return new Map(videoIds.map((id) => [id, this.renditions.filter((rendition) => rendition.videoId === id)]));
  }

  async setStatus(id: string, status: VideoStatus, error: Failure | null, at: Date): Promise<boolean> {
    const video = this.videos.get(id);
    if (!video) return false;
    this.videos.set(id, { ...video, status, error, updatedAt: at });
    return true;
  }

  async delete(id: string): Promise<void> {
    this.videos.delete(id);
    this.renditions.splice(0, this.renditions.length, ...this.renditions.filter((rendition) => rendition.videoId !== id));
  }
}
