import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../auth/auth-test-kit';
import { NotFoundError, NotReadyError } from '../errors/app-error';
import type { MediaInfo, MediaProbe } from '../media/media-info';
import { MediaUnreadableError } from '../media/media.errors';
import type { VideoStore } from '../videos/video.store';
import { aVideo, InMemoryVideoStore } from '../videos/videos-test-kit';
import type { VideoMetadata } from './metadata';
import type { MetadataStore } from './metadata.store';
import { MetadataService } from './metadata.service';

const clipInfo: MediaInfo = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 2.04,
  sizeBytes: 83_417,
  bitRate: 327_125,
  video: { codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' },
  audio: { codec: 'aac', sampleRate: 44_100, channels: 1 },
};

/** A probe that answers the same for every file (info, or an error to throw), remembering what it was asked. */
class FakeMediaProbe implements MediaProbe {
  readonly probed: string[] = [];
  /** Runs while a file is being probed, as something else happening meanwhile. */
  meanwhile: () => Promise<void> = async () => undefined;

  constructor(private readonly answer: MediaInfo | Error) {}

  async probe(filePath: string): Promise<MediaInfo> {
    this.probed.push(filePath);
    await this.meanwhile();
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

/** Metadata in memory; like the database, it refuses metadata of a video that does not exist. */
class InMemoryMetadataStore implements MetadataStore {
  readonly records = new Map<string, VideoMetadata>();

  constructor(private readonly videos: VideoStore) {}

  async save(metadata: VideoMetadata): Promise<boolean> {
    if (!(await this.videos.findById(metadata.videoId))) return false;
    this.records.set(metadata.videoId, metadata);
    return true;
  }

  async findByVideoId(videoId: string): Promise<VideoMetadata | undefined> {
    return this.records.get(videoId);
  }
}

function aMetadataService(answer: MediaInfo | Error = clipInfo) {
  const videos = new InMemoryVideoStore();
  const store = new InMemoryMetadataStore(videos);
  const probe = new FakeMediaProbe(answer);
  const clock = new FixedClock(new Date('2026-11-23T10:00:07.000Z'));
  const service = new MetadataService({ store, videos, probe, clock, localPathOf: (key) => `/srv/storage/${key}` });
  return { service, videos, store, probe };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the call succeeded');
    },
    (reason: unknown) => reason,
  );
}

describe('MetadataService', () => {
  describe('extract', () => {
    it('probes the local file of the video’s original and stores what it says, stamped with the time', async () => {
      const { service, videos, store, probe } = aMetadataService();
      const video = aVideo({ ownerId: randomUUID() });
      await videos.create(video);

      const extracted = await service.extract(video.id);

      const expected = { ...clipInfo, videoId: video.id, extractedAt: new Date('2026-11-23T10:00:07.000Z') };
      expect(extracted).toEqual(expected);
      expect(probe.probed).toEqual([`/srv/storage/videos/${video.id}/source`]);
      expect(store.records.get(video.id)).toEqual(expected);
    });

    it('does nothing for a video that no longer exists', async () => {
      const { service, probe } = aMetadataService();

      expect(await service.extract(randomUUID())).toBeUndefined();
      expect(probe.probed).toEqual([]);
    });

    it('answers undefined when the video is deleted while it is probed', async () => {
      const { service, videos, store, probe } = aMetadataService();
      const video = aVideo({ ownerId: randomUUID() });
      await videos.create(video);
      probe.meanwhile = () => videos.delete(video.id);

      expect(await service.extract(video.id)).toBeUndefined();
      expect(store.records.size).toBe(0);
    });

    it('lets an unreadable file fail the extraction, storing nothing', async () => {
      const { service, videos, store } = aMetadataService(new MediaUnreadableError('moov atom not found'));
      const video = aVideo({ ownerId: randomUUID() });
      await videos.create(video);

      const error = await rejectionOf(service.extract(video.id));

      expect(error).toBeInstanceOf(MediaUnreadableError);
      expect(store.records.size).toBe(0);
    });
  });

  describe('get', () => {
    it('answers 409 not_ready before the metadata is extracted, and the Metadata object after', async () => {
      const { service, videos } = aMetadataService();
      const ownerId = randomUUID();
      const video = aVideo({ ownerId });
      await videos.create(video);

      const before = await rejectionOf(service.get(ownerId, video.id));
      await service.extract(video.id);
      const after = await service.get(ownerId, video.id);

      expect(before).toBeInstanceOf(NotReadyError);
      expect(after).toStrictEqual({
        videoId: video.id,
        durationSeconds: 2.04,
        sizeBytes: 83_417,
        bitRate: 327_125,
        formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
        video: { codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' },
        audio: { codec: 'aac', sampleRate: 44_100, channels: 1 },
        extractedAt: '2026-11-23T10:00:07.000Z',
      });
    });

    it('answers 404, not 409 or 403, for another user’s video, extracted or not', async () => {
      const { service, videos } = aMetadataService();
      const pending = aVideo({ ownerId: randomUUID() });
      const extracted = aVideo({ ownerId: randomUUID() });
      await videos.create(pending);
      await videos.create(extracted);
      await service.extract(extracted.id);

      expect(await rejectionOf(service.get(randomUUID(), pending.id))).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(service.get(randomUUID(), extracted.id))).toBeInstanceOf(NotFoundError);
    });

    it.each([['an unknown video', randomUUID()], ['an id that is not a UUID', '../etc/passwd']])('answers 404 for %s', async (_name, videoId) => {
      const { service } = aMetadataService();

      expect(await rejectionOf(service.get(randomUUID(), videoId))).toBeInstanceOf(NotFoundError);
    });
  });
});
