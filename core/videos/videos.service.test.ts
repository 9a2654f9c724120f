import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeNonVideo } from '../../test/support/media-clips';
import { createTestDatabase, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../auth/auth-test-kit';
import { NotFoundError, PayloadTooLargeError, UnavailableError, UnsupportedMediaTypeError, ValidationError } from '../errors/app-error';
import { insertUser } from '../notifications/notifications-test-kit';
import { FsObjectStorage } from '../storage/adapters/fs.object-storage';
import type { ObjectStorage } from '../storage/object-storage';
import { TypeormVideoStore } from './adapters/typeorm-video.store';
import { sourceKeyOf } from './video-keys';
import { aReadyRendition, aRenditionWithoutFile, aVideo, insertRendition, insertVideo } from './videos-test-kit';
import { VideosService, type DownloadableFile, type ReceivedSource } from './videos.service';

const storedMaster = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720,CODECS="avc1.640028,mp4a.40.2"',
  '720p/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=1496000,RESOLUTION=854x480,CODECS="avc1.640028,mp4a.40.2"',
  '480p/index.m3u8',
  '',
].join('\n');

/** The ValidationError (or other error) a call rejects with. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the call succeeded');
    },
    (reason: unknown) => reason,
  );
}

/** Every file under a folder, temp files included, relative to it. */
const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();

const contentOf = async (file: DownloadableFile, range?: { start: number; end: number }) => buffer(await file.read(range));

describe('VideosService (SQLite store, filesystem storage)', () => {
  let workDir: string;
  let clipPath: string;
  let clip: Buffer;
  let textPath: string;
  let database: TestDatabase;
  let dataSource: DataSource;
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'videos-service-'));
    clipPath = await makeClip(workDir, { width: 320, height: 240, seconds: 1, audio: false });
    clip = await readFile(clipPath);
    textPath = await makeNonVideo(workDir);
    database = await createTestDatabase('sqlite');
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
    await rm(workDir, { recursive: true, force: true });
  });

  /** A service over the shared database and a storage folder of its own. */
  async function aService(options: { uploadLimitBytes?: number } = {}) {
    const rootDir = await mkdtemp(path.join(workDir, 'storage-'));
    const storage = new FsObjectStorage({ rootDir });
    const deleted: string[] = [];
    const service = new VideosService({
      store: new TypeormVideoStore(dataSource),
      storage,
      clock,
      newId: randomUUID,
      uploadLimitBytes: options.uploadLimitBytes ?? 1024 ** 3,
      onDeleted: (videoId) => deleted.push(videoId),
    });
    return { service, storage, rootDir, deleted };
  }

  describe('receiveSource', () => {
    it('streams a video into storage under a new video id and reports its size', async () => {
      const { service, storage } = await aService();

      const received = await service.receiveSource(createReadStream(clipPath, { highWaterMark: 1024 }));

      expect(received).toEqual({ videoId: expect.stringMatching(/^[0-9a-f-]{36}$/), sourceKey: sourceKeyOf(received.videoId), sizeBytes: clip.length });
      expect((await buffer(await storage.read(received.sourceKey))).equals(clip)).toBe(true);
    });

    it('takes a video of exactly the upload limit', async () => {
      const { service } = await aService({ uploadLimitBytes: clip.length });

      expect((await service.receiveSource(createReadStream(clipPath))).sizeBytes).toBe(clip.length);
    });

    it('refuses a file that is not a video with a 415, storing nothing', async () => {
      const { service, rootDir } = await aService();

      const error = await rejectionOf(service.receiveSource(createReadStream(textPath)));

      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(await filesUnder(rootDir)).toEqual([]);
    });

    it('refuses an empty file with a 415', async () => {
      const { service } = await aService();

      expect(await rejectionOf(service.receiveSource(Readable.from([])))).toBeInstanceOf(UnsupportedMediaTypeError);
    });

    it('refuses a video one byte over the limit with a 413 naming the limit, leaving no file behind, not even a temporary one', async () => {
      const { service, rootDir } = await aService({ uploadLimitBytes: clip.length - 1 });

      const error = await rejectionOf(service.receiveSource(createReadStream(clipPath, { highWaterMark: 1024 })));

      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect((error as PayloadTooLargeError).message).toBe(`The upload exceeds the limit of ${clip.length - 1} bytes`);
      expect(await filesUnder(rootDir)).toEqual([]);
    });

    it('fails with the source’s error when the upload breaks off midway, leaving no file behind', async () => {
      const { service, rootDir } = await aService();
      async function* brokenUpload(): AsyncGenerator<Buffer> {
        yield clip.subarray(0, 8192);
        yield clip.subarray(8192, 16_384);
        throw new Error('aborted');
      }

      const error = await rejectionOf(service.receiveSource(Readable.from(brokenUpload())));

      expect(error).toEqual(new Error('aborted'));
      expect(await filesUnder(rootDir)).toEqual([]);
    });

    it('answers 503 unavailable when the disk fails midway (full), leaving no file behind', async () => {
      const { storage, rootDir } = await aService();
      // The real storage, whose writes fail with ENOSPC once 8 KiB are written, as a full disk does.
      const fullAfter8KiB: ObjectStorage = Object.assign(Object.create(storage) as FsObjectStorage, {
        put: (key: string, body: Readable) => {
          let written = 0;
          // pipeline, not pipe: the failure also ends the upload's side, and no stream is left with an unheard error.
          const failing = pipeline(
            body,
            new Transform({
              transform(chunk: Buffer, _encoding, done) {
                written += chunk.length;
                if (written > 8192) done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
                else done(null, chunk);
              },
            }),
            () => undefined,
          );
          return storage.put(key, failing);
        },
      });
      const service = new VideosService({ store: new TypeormVideoStore(dataSource), storage: fullAfter8KiB, clock, newId: randomUUID, uploadLimitBytes: 1024 ** 3, onDeleted: () => undefined });

      const error = await rejectionOf(service.receiveSource(createReadStream(clipPath, { highWaterMark: 1024 })));

      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ message: 'The upload could not be stored: try again later', retryAfterSeconds: 30 });
      expect(await filesUnder(rootDir)).toEqual([]);
    });
  });

  describe('createVideo', () => {
    const source = (): ReceivedSource => {
      const videoId = randomUUID();
      return { videoId, sourceKey: sourceKeyOf(videoId), sizeBytes: 28_324 };
    };

    it('registers the received source as the caller’s uploaded video, titled after the file', async () => {
      const { service } = await aService();
      const ownerId = await insertUser(dataSource);
      const received = source();

      const view = await service.createVideo(ownerId, received, undefined, 'Holiday in Lisbon.mp4');

      expect(view).toStrictEqual({
        id: received.videoId,
        ownerId,
        title: 'Holiday in Lisbon.mp4',
        status: 'uploaded',
        sourceSizeBytes: 28_324,
        createdAt: '2026-11-23T10:00:00.000Z',
        updatedAt: '2026-11-23T10:00:00.000Z',
        renditions: [],
        error: null,
      });
      expect(await service.get(ownerId, received.videoId)).toEqual(view);
    });

    it('trims an explicit title and prefers it to the file name', async () => {
      const { service } = await aService();

      const view = await service.createVideo(await insertUser(dataSource), source(), '  Lisbon, day 2 \t', 'VID_0001.mp4');

      expect(view.title).toBe('Lisbon, day 2');
    });

    it.each([
      ['an empty file name', ''],
      ['a file name too long for a title', `${'v'.repeat(300)}.mp4`],
    ])('calls the video "Untitled video" without a title and with %s', async (_name, fileName) => {
      const { service } = await aService();

      expect((await service.createVideo(await insertUser(dataSource), source(), undefined, fileName)).title).toBe('Untitled video');
    });

    it.each([
      ['too long', 't'.repeat(256), 'title must be at most 255 characters'],
      ['blank', '   ', 'title must not be empty'],
    ])('refuses an explicit title that is %s with a 400 on title, registering nothing', async (_name, title, message) => {
      const { service } = await aService();
      const ownerId = await insertUser(dataSource);
      const received = source();

      const error = await rejectionOf(service.createVideo(ownerId, received, title, 'clip.mp4'));

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([{ path: 'title', message }]);
      expect(await rejectionOf(service.get(ownerId, received.videoId))).toBeInstanceOf(NotFoundError);
    });
  });

  it('discards a received source that will not become a video', async () => {
    const { service, rootDir } = await aService();
    const received = await service.receiveSource(createReadStream(clipPath));

    await service.discardSource(received);

    expect(await filesUnder(rootDir)).toEqual([]);
  });

  describe('list', () => {
    it('pages through the caller’s videos newest first, with their renditions', async () => {
      const { service } = await aService();
      const ownerId = await insertUser(dataSource);
      const oldest = await insertVideo(dataSource, aVideo({ ownerId, createdAt: new Date('2026-11-23T09:00:00.000Z') }));
      const middle = await insertVideo(dataSource, aVideo({ ownerId, createdAt: new Date('2026-11-23T09:30:00.000Z') }));
      const newest = await insertVideo(dataSource, aVideo({ ownerId, createdAt: new Date('2026-11-23T09:45:00.000Z') }));
      await insertVideo(dataSource, aVideo({ ownerId: await insertUser(dataSource), createdAt: new Date('2026-11-23T09:50:00.000Z') }));
      await insertRendition(dataSource, aReadyRendition({ videoId: middle.id, preset: '480p' }));

      const first = await service.list(ownerId, { limit: '2' });
      const second = await service.list(ownerId, { limit: '2', cursor: first.nextCursor });

      expect(first.videos.map((video) => video.id)).toEqual([newest.id, middle.id]);
      expect(first.videos[1]?.renditions.map((rendition) => [rendition.preset, rendition.status])).toEqual([['480p', 'ready']]);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(second).toEqual({ videos: [expect.objectContaining({ id: oldest.id })], nextCursor: null });
    });

    it('gives no next cursor when the page holds exactly the last videos', async () => {
      const { service } = await aService();
      const ownerId = await insertUser(dataSource);
      await insertVideo(dataSource, aVideo({ ownerId }));
      await insertVideo(dataSource, aVideo({ ownerId }));

      expect((await service.list(ownerId, { limit: '2' })).nextCursor).toBeNull();
    });

    it('lists nothing for a caller without videos', async () => {
      const { service } = await aService();

      expect(await service.list(await insertUser(dataSource), {})).toEqual({ videos: [], nextCursor: null });
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ])('refuses the query %j with a 400 on %s', async (query, field) => {
      const { service } = await aService();

      const error = await rejectionOf(service.list(randomUUID(), query));

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details.map((detail) => detail.path)).toEqual([field]);
    });
  });

  describe('get and delete', () => {
    it.each([
      ['another user’s video', async (ownerId: string) => (await insertVideo(dataSource, aVideo({ ownerId }))).id, true],
      ['an unknown video', async () => randomUUID(), false],
      ['an id that is not a UUID', async () => 'not-a-uuid', false],
    ])('answers 404 for %s', async (_name, idOf, otherOwner) => {
      const { service } = await aService();
      const callerId = await insertUser(dataSource);
      const videoId = await idOf(otherOwner ? await insertUser(dataSource) : callerId);

      expect(await rejectionOf(service.get(callerId, videoId))).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(service.delete(callerId, videoId))).toBeInstanceOf(NotFoundError);
    });

    it('deletes the video with every file under its folder, and says so', async () => {
      const { service, storage, rootDir, deleted } = await aService();
      const ownerId = await insertUser(dataSource);
      const video = await insertVideo(dataSource, aVideo({ ownerId }));
      const rendition = aReadyRendition({ videoId: video.id, preset: 'hls' });
      await storage.put(video.sourceKey, clip);
      await storage.put(rendition.storageKey!, Buffer.from(storedMaster));
      await storage.put(rendition.storageKey!.replace('master.m3u8', '480p/segment_000.ts'), Buffer.alloc(100));
      const neighbour = await insertVideo(dataSource, aVideo({ ownerId }));
      await storage.put(neighbour.sourceKey, clip);

      await service.delete(ownerId, video.id);

      expect(await rejectionOf(service.get(ownerId, video.id))).toBeInstanceOf(NotFoundError);
      expect(deleted).toEqual([video.id]);
      expect(await filesUnder(rootDir)).toEqual([neighbour.sourceKey]);
    });

    it('leaves another user’s video and its files alone', async () => {
      const { service, storage, deleted } = await aService();
      const ownerId = await insertUser(dataSource);
      const video = await insertVideo(dataSource, aVideo({ ownerId }));
      await storage.put(video.sourceKey, clip);

      await rejectionOf(service.delete(await insertUser(dataSource), video.id));

      expect((await service.get(ownerId, video.id)).id).toBe(video.id);
      expect(await storage.stat(video.sourceKey)).toBeDefined();
      expect(deleted).toEqual([]);
    });
  });

  describe('openRendition', () => {
    /** A video of a new owner, with the given renditions stored as rows and (when ready) as files. */
    async function videoWith(storage: FsObjectStorage, renditions: (videoId: string) => Parameters<typeof insertRendition>[1][]) {
      const ownerId = await insertUser(dataSource);
      const video = await insertVideo(dataSource, aVideo({ ownerId }));
      for (const rendition of renditions(video.id)) {
        await insertRendition(dataSource, rendition);
        if (rendition.storageKey) await storage.put(rendition.storageKey, rendition.preset === 'hls' ? Buffer.from(storedMaster) : clip);
      }
      return { ownerId, videoId: video.id };
    }

    it('opens a ready mp4 rendition, whole or by range', async () => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await videoWith(storage, (id) => [aReadyRendition({ videoId: id, preset: '480p' })]);

      const file = await service.openRendition(ownerId, videoId, '480p');

      expect(file.sizeBytes).toBe(clip.length);
      expect(file.contentType).toBe('video/mp4');
      expect((await contentOf(file)).equals(clip)).toBe(true);
      expect((await contentOf(file, { start: 4, end: 11 })).toString('latin1')).toBe('ftypisom');
    });

    it.each([
      ['pending', (videoId: string) => [aRenditionWithoutFile({ videoId, preset: '720p', status: 'pending' })]],
      ['skipped', (videoId: string) => [aRenditionWithoutFile({ videoId, preset: '720p', status: 'skipped' })]],
      ['failed', (videoId: string) => [aRenditionWithoutFile({ videoId, preset: '720p', status: 'failed' })]],
      ['never requested', (videoId: string) => [aReadyRendition({ videoId, preset: '480p' })]],
    ])('answers 404 for a %s rendition', async (_name, renditions) => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await videoWith(storage, renditions);

      const error = await rejectionOf(service.openRendition(ownerId, videoId, '720p'));

      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe('No ready rendition "720p" for this video');
    });

    it('answers 404 for a ready rendition whose file is gone', async () => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await videoWith(storage, (id) => [aReadyRendition({ videoId: id, preset: '480p' })]);
      await storage.deletePrefix(`videos/${videoId}/`);

      const error = await rejectionOf(service.openRendition(ownerId, videoId, '480p'));

      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe('The file is no longer stored');
    });

    it('answers 404 for another user’s rendition', async () => {
      const { service, storage } = await aService();
      const { videoId } = await videoWith(storage, (id) => [aReadyRendition({ videoId: id, preset: '480p' })]);

      expect(await rejectionOf(service.openRendition(await insertUser(dataSource), videoId, '480p'))).toBeInstanceOf(NotFoundError);
    });

    it('serves the HLS master playlist with variant URIs under hls/, sized as served', async () => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await videoWith(storage, (id) => [aReadyRendition({ videoId: id, preset: 'hls' })]);

      const file = await service.openRendition(ownerId, videoId, 'hls');

      const served = storedMaster.replace('\n720p/index.m3u8', '\nhls/720p/index.m3u8').replace('\n480p/index.m3u8', '\nhls/480p/index.m3u8');
      expect((await contentOf(file)).toString('utf8')).toBe(served);
      expect(file.sizeBytes).toBe(Buffer.byteLength(served));
      expect(file.contentType).toBe('application/vnd.apple.mpegurl');
      expect((await contentOf(file, { start: 0, end: 6 })).toString('utf8')).toBe('#EXTM3U');
      expect((await contentOf(file, { start: file.sizeBytes - 20, end: file.sizeBytes - 1 })).toString('utf8')).toBe('hls/480p/index.m3u8\n');
    });
  });

  describe('openHlsFile', () => {
    async function hlsVideo(storage: FsObjectStorage) {
      const ownerId = await insertUser(dataSource);
      const video = await insertVideo(dataSource, aVideo({ ownerId }));
      const master = await insertRendition(dataSource, aReadyRendition({ videoId: video.id, preset: 'hls' }));
      const folder = master.storageKey!.replace('master.m3u8', '');
      await storage.put(video.sourceKey, clip);
      await storage.put(master.storageKey!, Buffer.from(storedMaster));
      await storage.put(`${folder}480p/index.m3u8`, Buffer.from('#EXTM3U\n#EXTINF:6.0,\nsegment_000.ts\n#EXT-X-ENDLIST\n'));
      await storage.put(`${folder}480p/segment_000.ts`, Buffer.alloc(376, 0x47));
      return { ownerId, videoId: video.id };
    }

    it('opens a variant playlist and a segment from the master’s folder', async () => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await hlsVideo(storage);

      const playlist = await service.openHlsFile(ownerId, videoId, '480p/index.m3u8');
      const segment = await service.openHlsFile(ownerId, videoId, '480p/segment_000.ts');

      expect(playlist.contentType).toBe('application/vnd.apple.mpegurl');
      expect((await contentOf(playlist)).toString()).toContain('segment_000.ts');
      expect(segment).toMatchObject({ contentType: 'video/mp2t', sizeBytes: 376 });
    });

    it.each([
      ['a way up to the source', '../source'],
      ['a way up from a variant', '480p/../../x'],
      ['a way up to the source, twice', '../../source'],
      ['an absolute path', '/etc/passwd'],
      ['a path below a variant folder', '480p/sub/index.m3u8'],
      ['another extension', '480p/index.mp4'],
      ['a segment that is not a transport stream', '480p/segment_000.mp4'],
      ['the master playlist itself', 'master.m3u8'],
      ['an encoded way up', '..%2Fsource'],
      ['nothing', ''],
    ])('refuses %s with a 404', async (_name, hlsPath) => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await hlsVideo(storage);

      const error = await rejectionOf(service.openHlsFile(ownerId, videoId, hlsPath));

      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe('No such HLS file');
    });

    it('answers 404 for a file the playlist does not have, and for another user', async () => {
      const { service, storage } = await aService();
      const { ownerId, videoId } = await hlsVideo(storage);

      expect(await rejectionOf(service.openHlsFile(ownerId, videoId, '720p/segment_000.ts'))).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(service.openHlsFile(await insertUser(dataSource), videoId, '480p/index.m3u8'))).toBeInstanceOf(NotFoundError);
    });
  });
});
