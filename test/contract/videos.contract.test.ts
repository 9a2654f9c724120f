import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractRequest } from '../support/contract-request';
import { signUpCustomer, waitForSettledVideo, waitUntil, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { makeClip, makeCorruptVideo, makeNonVideo } from '../support/media-clips';
import { contractCases, testUploadLimitBytes, type ServedApi, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const unknownId = '00000000-0000-4000-8000-000000000000';

type BodyParser = Extract<Parameters<request.Test['parse']>[0], (res: never, done: never) => void>;

/** Reads any response body as raw bytes (superagent would parse or drop video types); at run time `res` is the incoming message. */
const binary: BodyParser = (res, done) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

let clipsDir: string;
const clips = { video: '', corrupt: '', text: '', oversize: '', matroska: '', mpegTs: '', tiny: '' };

beforeAll(async () => {
  clipsDir = mkdtempSync(path.join(os.tmpdir(), '24hv-clips-'));
  clips.video = await makeClip(clipsDir, { width: 854, height: 480, seconds: 2 });
  clips.corrupt = await makeCorruptVideo(clipsDir);
  clips.tiny = await makeClip(clipsDir, { width: 320, height: 240, seconds: 1 });
  clips.matroska = await makeClip(clipsDir, { width: 640, height: 480, seconds: 1, container: 'mkv' });
  clips.mpegTs = await makeClip(clipsDir, { width: 640, height: 480, seconds: 1, container: 'ts' });
  clips.text = await makeNonVideo(clipsDir);
  // A real MP4 header followed by filler: sniffed as video, refused for its size.
  clips.oversize = path.join(clipsDir, 'oversize.mp4');
  writeFileSync(clips.oversize, Buffer.concat([Buffer.from('0000001c667479706d703432', 'hex'), Buffer.alloc(testUploadLimitBytes + 512 * 1024, 7)]));
});

afterAll(() => rmSync(clipsDir, { recursive: true, force: true }));

/** Files (not folders) below a folder, as paths relative to it. */
const storedFilesUnder = (folder: string) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));


describe.each(contractCases)('videos, transcoding and metadata contract — $mode.name on $engine', ({ mode, engine }) => {
  let context: ServingContext;
  let api: ServedApi;
  let alice: Customer;
  let bob: Customer;
  let ready: Record<string, unknown> & { id?: string; status: string };

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    api = await mode.start(context);
    [alice, bob] = await Promise.all([signUpCustomer(api.http), signUpCustomer(api.http)]);
    const uploaded = await alice.upload(clips.video, 'Holiday').expect(201);
    ready = await waitForSettledVideo(alice, uploaded.body.id);
  });

  afterAll(async () => {
    await api?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  const storedFilesOf = (videoId: string) => path.join(context.database.config.dataDir, 'storage', 'videos', videoId);

  describe('POST /api/videos', () => {
    it('stores the upload and answers 201 with the new video', async () => {
      const response = await alice.upload(clips.video).expect(201);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.body).toEqual({
        id: expect.stringMatching(uuid),
        ownerId: alice.userId,
        title: 'clip-854x480-2s.mp4',
        status: expect.stringMatching(/^(uploaded|transcoding)$/),
        sourceSizeBytes: statSync(clips.video).size,
        createdAt: expect.stringMatching(isoTime),
        updatedAt: expect.stringMatching(isoTime),
        renditions: expect.any(Array),
        error: null,
      });
      await waitForSettledVideo(alice, response.body.id);
    });

    it('transcodes into every preset the source fills, never upscaling, then is ready', () => {
      expect(ready.status).toBe('ready');
      expect(ready.title).toBe('Holiday');
      expect(ready.error).toBeNull();
      const renditions = ready.renditions as Array<Record<string, unknown>>;
      expect(renditions.map((rendition) => [rendition.preset, rendition.status])).toEqual([
        ['1080p', 'skipped'],
        ['720p', 'skipped'],
        ['480p', 'ready'],
        ['hls', 'ready'],
      ]);
      expect(renditions[0]).toEqual({ preset: '1080p', status: 'skipped', url: null, width: null, height: null, bitrateKbps: null, sizeBytes: null });
      expect(renditions[2]).toEqual({
        preset: '480p',
        status: 'ready',
        url: `/api/videos/${ready.id}/renditions/480p`,
        width: 854,
        height: 480,
        bitrateKbps: expect.any(Number),
        sizeBytes: expect.any(Number),
      });
      expect(renditions[3]).toMatchObject({ url: `/api/videos/${ready.id}/renditions/hls`, width: 854, height: 480 });
    });

    it.each([['Matroska', 'matroska'], ['MPEG-TS', 'mpegTs']] as const)('transcodes a %s upload too', async (_container, clip) => {
      const uploaded = await alice.upload(clips[clip]).expect(201);
      const video = await waitForSettledVideo(alice, uploaded.body.id);
      expect(video.status).toBe('ready');
      expect((video.renditions as Array<{ preset: string; width: number }>).find((rendition) => rendition.preset === '480p')).toMatchObject({ status: 'ready', width: 640 });
    });

    it('fails a video too small for every preset, rather than upscaling it', async () => {
      const uploaded = await alice.upload(clips.tiny).expect(201);
      const video = await waitForSettledVideo(alice, uploaded.body.id);
      expect(video.status).toBe('failed');
      expect(video.error).toEqual({ code: 'source_too_small', message: expect.stringContaining('320×240') });
      expect((video.renditions as Array<{ status: string }>).map((rendition) => rendition.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    });

    it('refuses a file that is not a video with 415 and stores nothing', async () => {
      expectLegacyError(await alice.upload(clips.text), 415, 'unsupported_media_type');
    });

    it('refuses a body that is not multipart with 415', async () => {
      expectLegacyError(await alice.post('/api/videos').send({ file: 'clip.mp4' }), 415, 'unsupported_media_type');
    });

    it('answers 400 on the file field when no file is sent', async () => {
      const response = await alice.post('/api/videos').field('title', 'No file');
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([{ path: 'file', message: expect.stringContaining('file is required') }]);
    });

    it('answers 400 for a malformed multipart body', async () => {
      const response = await alice.post('/api/videos').set('content-type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nabc');
      expectLegacyError(response, 400, 'validation_failed');
    });

    it('answers 400 for a title that is too long, and keeps no video', async () => {
      const before = (await alice.get('/api/videos?limit=100').expect(200)).body.videos.length;
      const response = await alice.upload(clips.video, 'x'.repeat(256));
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('title');
      expect((await alice.get('/api/videos?limit=100').expect(200)).body.videos).toHaveLength(before);
    });

    it('refuses an upload over the size limit with 413', async () => {
      expectLegacyError(await alice.upload(clips.oversize), 413, 'payload_too_large');
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).post('/api/videos').attach('file', clips.video), 401, 'unauthorized');
    });

    it('ends a corrupt video as failed with a readable error, never stuck', async () => {
      const uploaded = await alice.upload(clips.corrupt).expect(201);
      const video = await waitForSettledVideo(alice, uploaded.body.id);
      expect(video.status).toBe('failed');
      expect(video.error).toEqual({ code: 'media_unreadable', message: expect.stringMatching(/^The file could not be read as video: .+/) });
      expect(JSON.stringify(video.error)).not.toContain(os.tmpdir());
      expect((video.renditions as Array<{ status: string }>).every((rendition) => rendition.status === 'failed')).toBe(true);
      // Metadata never comes for a file ffprobe cannot read.
      expectLegacyError(await alice.get(`/api/videos/${video.id}/metadata`), 409, 'not_ready');
    });
  });

  describe('GET /api/videos', () => {
    it('pages through the caller\u2019s own videos, newest first', async () => {
      const carol = await signUpCustomer(api.http);
      const ids: string[] = [];
      for (const title of ['first', 'second', 'third']) ids.push((await carol.upload(clips.corrupt, title).expect(201)).body.id);
      const firstPage = await carol.get('/api/videos?limit=2').expect(200);
      expect(firstPage.body.videos.map((video: { title: string }) => video.title)).toEqual(['third', 'second']);
      expect(firstPage.body.nextCursor).toEqual(expect.any(String));
      const secondPage = await carol.get(`/api/videos?limit=2&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`).expect(200);
      expect(secondPage.body).toEqual({ videos: [expect.objectContaining({ id: ids[0], title: 'first', ownerId: carol.userId })], nextCursor: null });
      await Promise.all(ids.map((id) => waitForSettledVideo(carol, id)));
    });

    it('never shows another user\u2019s videos', async () => {
      const listed = (await bob.get('/api/videos').expect(200)).body;
      expect(listed).toEqual({ videos: [], nextCursor: null });
    });

    it.each([['0'], ['101'], ['abc'], ['1.5']])('answers 400 on limit=%s', async (limit) => {
      const response = await alice.get(`/api/videos?limit=${limit}`);
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('limit');
    });

    it('answers 400 on a cursor it did not hand out', async () => {
      const response = await alice.get('/api/videos?cursor=not-a-cursor');
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('cursor');
    });
  });

  describe('GET /api/videos/:id', () => {
    it('returns the caller\u2019s video', async () => {
      const response = await alice.get(`/api/videos/${ready.id}`).expect(200);
      expect(response.body).toEqual(ready);
    });

    it.each([['another user\u2019s video', () => `/api/videos/${ready.id}`], ['an unknown id', () => `/api/videos/${unknownId}`], ['a malformed id', () => '/api/videos/not-a-uuid']])(
      'answers 404 for %s',
      async (_case, pathOf) => {
        expectLegacyError(await bob.get(pathOf()), 404, 'not_found');
      },
    );
  });

  describe('GET /api/videos/:id/renditions/:preset', () => {
    const download = (customer: Customer, url: string) => customer.get(url).buffer(true).parse(binary);

    it('serves the mp4 whole, with its length and type', async () => {
      const response = await download(alice, `/api/videos/${ready.id}/renditions/480p`).expect(200);
      expect(response.headers['content-type']).toBe('video/mp4');
      expect(response.headers['accept-ranges']).toBe('bytes');
      const body = response.body as Buffer;
      expect(Number(response.headers['content-length'])).toBe(body.length);
      expect(body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    });

    it('honours a byte range with 206 and Content-Range', async () => {
      const whole = (await download(alice, `/api/videos/${ready.id}/renditions/480p`).expect(200)).body as Buffer;
      const partial = await download(alice, `/api/videos/${ready.id}/renditions/480p`).set('range', 'bytes=100-199').expect(206);
      expect(partial.headers['content-range']).toBe(`bytes 100-199/${whole.length}`);
      expect(partial.body).toEqual(whole.subarray(100, 200));
      const suffix = await download(alice, `/api/videos/${ready.id}/renditions/480p`).set('range', 'bytes=-10').expect(206);
      expect(suffix.body).toEqual(whole.subarray(whole.length - 10));
    });

    it('answers 416 with the size for a range past the end', async () => {
      const response = await alice.get(`/api/videos/${ready.id}/renditions/480p`).set('range', 'bytes=999999999-');
      expectLegacyError(response, 416, 'range_not_satisfiable');
      expect(response.headers['content-range']).toMatch(/^bytes \*\/\d+$/);
    });

    it('serves the HLS master playlist, its variant playlists and segments under the same authorization', async () => {
      const masterUrl = `/api/videos/${ready.id}/renditions/hls`;
      const master = await alice.get(masterUrl).buffer(true).parse(binary).expect(200);
      expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      const masterText = master.body.toString('utf8');
      expect(masterText).toMatch(/^#EXTM3U/);
      const variantUri = masterText.split('\n').find((line: string) => line && !line.startsWith('#'))!;
      // Resolved as a player would: relative to the master playlist's URL.
      const variantUrl = new URL(variantUri, `http://api${masterUrl}`).pathname;
      expect(variantUrl).toBe(`/api/videos/${ready.id}/renditions/hls/480p/index.m3u8`);
      const variant = (await alice.get(variantUrl).buffer(true).parse(binary).expect(200)).body.toString('utf8');
      expect(variant).toContain('#EXT-X-ENDLIST');
      const segmentUri = variant.split('\n').find((line: string) => line.endsWith('.ts'))!;
      const segmentUrl = new URL(segmentUri, `http://api${variantUrl}`).pathname;
      const segment = await download(alice, segmentUrl).expect(200);
      expect(segment.headers['content-type']).toBe('video/mp2t');
      expect((segment.body as Buffer)[0]).toBe(0x47);
      expectLegacyError(await contractRequest(api.http).get(segmentUrl), 401, 'unauthorized');
      expectLegacyError(await bob.get(segmentUrl), 404, 'not_found');
    });

    it.each([
      ['an unknown preset', 'renditions/4k'],
      ['a skipped preset', 'renditions/1080p'],
      ['a path outside the HLS folder', 'renditions/hls/..%2F..%2Fsource'],
      ['an HLS file that does not exist', 'renditions/hls/480p/segment_999.ts'],
      ['the original through the HLS path', 'renditions/hls/../source'],
    ])('answers 404 for %s', async (_case, suffix) => {
      expectLegacyError(await alice.get(`/api/videos/${ready.id}/${suffix}`), 404, 'not_found');
    });

    it('answers 404 for another user\u2019s rendition', async () => {
      expectLegacyError(await bob.get(`/api/videos/${ready.id}/renditions/480p`), 404, 'not_found');
    });
  });

  describe('GET /api/presets', () => {
    it('lists the four presets of the contract', async () => {
      const response = await alice.get('/api/presets').expect(200);
      expect(response.body).toEqual({
        presets: [
          { id: '1080p', container: 'mp4', width: 1920, height: 1080, videoBitrateKbps: expect.any(Number), audioBitrateKbps: expect.any(Number) },
          { id: '720p', container: 'mp4', width: 1280, height: 720, videoBitrateKbps: expect.any(Number), audioBitrateKbps: expect.any(Number) },
          { id: '480p', container: 'mp4', width: 854, height: 480, videoBitrateKbps: expect.any(Number), audioBitrateKbps: expect.any(Number) },
          { id: 'hls', container: 'hls', width: 1280, height: 720, videoBitrateKbps: expect.any(Number), audioBitrateKbps: expect.any(Number) },
        ],
      });
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).get('/api/presets'), 401, 'unauthorized');
    });
  });

  describe('POST /api/videos/:id/transcode and GET /api/jobs/:id', () => {
    it('queues a job (202), refuses a second while it runs (409), and completes it', async () => {
      const started = await alice.post(`/api/videos/${ready.id}/transcode`).send({ presets: ['480p', 'hls'] }).expect(202);
      expect(started.body).toEqual({
        job: {
          id: expect.stringMatching(uuid),
          videoId: ready.id,
          status: 'queued',
          presets: ['480p', 'hls'],
          progress: 0,
          createdAt: expect.stringMatching(isoTime),
          startedAt: null,
          completedAt: null,
          error: null,
        },
      });
      expectLegacyError(await alice.post(`/api/videos/${ready.id}/transcode`).send({}), 409, 'conflict');
      const job = await waitUntil(
        async () => (await alice.get(`/api/jobs/${started.body.job.id}`).expect(200)).body,
        (candidate) => candidate.status === 'complete' || candidate.status === 'failed',
      );
      expect(job).toMatchObject({ status: 'complete', progress: 100, startedAt: expect.stringMatching(isoTime), completedAt: expect.stringMatching(isoTime), error: null });
      const video = await waitForSettledVideo(alice, ready.id as string);
      expect(video.status).toBe('ready');
      // The new outputs replaced the old ones: every stored output is the new job's.
      const outputs = storedFilesUnder(path.join(storedFilesOf(ready.id as string), 'jobs'));
      expect(outputs.length).toBeGreaterThan(0);
      expect(new Set(outputs.map((file) => file.split(path.sep)[0]))).toEqual(new Set([started.body.job.id]));
    });

    it.each([
      ['an unknown preset', { presets: ['4k'] }, 'presets.0'],
      ['an empty list', { presets: [] }, 'presets'],
      ['a repeated preset', { presets: ['480p', '480p'] }, 'presets'],
      ['presets that are not a list', { presets: '480p' }, 'presets'],
    ])('answers 400 for %s', async (_case, body, detailPath) => {
      const response = await alice.post(`/api/videos/${ready.id}/transcode`).send(body);
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe(detailPath);
    });

    it('answers 404 for another user\u2019s video, and for unknown jobs', async () => {
      expectLegacyError(await bob.post(`/api/videos/${ready.id}/transcode`).send({}), 404, 'not_found');
      expectLegacyError(await alice.get(`/api/jobs/${unknownId}`), 404, 'not_found');
      expectLegacyError(await alice.get('/api/jobs/not-a-uuid'), 404, 'not_found');
    });
  });

  describe('GET /api/videos/:id/metadata', () => {
    it('returns the ffprobe metadata of the original', async () => {
      const response = await alice.get(`/api/videos/${ready.id}/metadata`).expect(200);
      expect(response.body).toEqual({
        videoId: ready.id,
        durationSeconds: expect.closeTo(2, 1),
        sizeBytes: statSync(clips.video).size,
        bitRate: expect.any(Number),
        formatName: expect.stringContaining('mp4'),
        video: { codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' },
        audio: { codec: 'aac', sampleRate: 44_100, channels: 1 },
        extractedAt: expect.stringMatching(isoTime),
      });
    });

    it('answers 404 for another user\u2019s video', async () => {
      expectLegacyError(await bob.get(`/api/videos/${ready.id}/metadata`), 404, 'not_found');
    });
  });

  describe('DELETE /api/videos/:id', () => {
    it('removes the video, its renditions, jobs, metadata and files', async () => {
      const uploaded = await alice.upload(clips.video).expect(201);
      const video = await waitForSettledVideo(alice, uploaded.body.id);
      expect(existsSync(storedFilesOf(video.id as string))).toBe(true);
      expectLegacyError(await bob.delete(`/api/videos/${video.id}`), 404, 'not_found');
      const deleted = await alice.delete(`/api/videos/${video.id}`).expect(204);
      expect(deleted.text).toBe('');
      expectLegacyError(await alice.get(`/api/videos/${video.id}`), 404, 'not_found');
      expectLegacyError(await alice.get(`/api/videos/${video.id}/metadata`), 404, 'not_found');
      expectLegacyError(await alice.get(`/api/videos/${video.id}/renditions/480p`), 404, 'not_found');
      expectLegacyError(await alice.delete(`/api/videos/${video.id}`), 404, 'not_found');
      expect(existsSync(storedFilesOf(video.id as string))).toBe(false);
      const rows = await context.dataSource.query('SELECT COUNT(*) AS count FROM transcode_jobs WHERE video_id = $1'.replace('$1', context.database.engine === 'postgres' ? '$1' : '?'), [video.id]);
      expect(Number(rows[0].count)).toBe(0);
    });

    it('deletes a video while it is being transcoded, leaving no files behind', async () => {
      const uploaded = await alice.upload(clips.video).expect(201);
      await alice.delete(`/api/videos/${uploaded.body.id}`).expect(204);
      // Give a running encode time to notice and clean up after itself.
      await waitUntil(async () => existsSync(storedFilesOf(uploaded.body.id)), (exists) => !exists, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(existsSync(storedFilesOf(uploaded.body.id))).toBe(false);
    });
  });
});
