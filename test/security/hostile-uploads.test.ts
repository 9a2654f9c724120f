import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpCustomer, waitForSettledVideo } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { makeClip, makeCorruptVideo } from '../support/media-clips';
import { expectHealthy, scratchOf, startHostileSystem, type HostileSystem } from './hostile-system';

// Uploads that lie about what they are, carry hostile names and titles, or declare a picture or a
// running time no encoder should take on. Every one is refused at once or ends as a `failed` video
// with a readable error, never a stuck one.

const boundary = 'hostile-boundary-7MA4YWxkTrZu0gW';

interface Part {
  name: string;
  value: string | Buffer;
  /** The raw Content-Disposition parameters after the name, e.g. `filename="a.mp4"`. */
  disposition?: string;
  contentType?: string;
}

/** A multipart body built byte by byte, so names and filenames arrive exactly as an attacker writes them. */
function multipart(parts: Part[]): Buffer {
  const chunks = parts.flatMap(({ name, value, disposition, contentType }) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${disposition ? `; ${disposition}` : ''}\r\n${contentType ? `Content-Type: ${contentType}\r\n` : ''}\r\n`),
    Buffer.isBuffer(value) ? value : Buffer.from(value),
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR'), Buffer.alloc(64, 1)]);
const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 2)]);
const elf = Buffer.concat([Buffer.from('\u007fELF'), Buffer.from([2, 1, 1]), Buffer.alloc(64, 0)]);
const file = (filename: string, value: Buffer | string, contentType = 'video/mp4'): Part => ({ name: 'file', value, disposition: `filename="${filename}"`, contentType });

describe('hostile uploads', () => {
  let system: HostileSystem;
  let clip: string;
  const upload = (body: Buffer, contentType = `multipart/form-data; boundary=${boundary}`) =>
    request(system.url).post('/api/videos').set('authorization', `Bearer ${system.customer.token}`).set('content-type', contentType).send(body);
  const uploadClip = async (parts: Part[]) => upload(multipart([...parts, file('clip.mp4', await readFile(clip))]));

  beforeAll(async () => {
    system = await startHostileSystem();
    await mkdir(scratchOf(system), { recursive: true });
    clip = await makeClip(scratchOf(system), { width: 854, height: 480, seconds: 1, audio: false });
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  it.each([
    ['a text file named .mp4 and declared video/mp4', 415, 'unsupported_media_type', () => multipart([file('clip.mp4', 'Shopping list: milk, eggs.\n')])],
    ['a PNG image named .mp4', 415, 'unsupported_media_type', () => multipart([file('holiday.mp4', png)])],
    ['an HTML page with a script named .mp4', 415, 'unsupported_media_type', () => multipart([file('x.mp4', '<html><script>fetch("/api/users/me")</script></html>')])],
    ['a ZIP archive named .mov', 415, 'unsupported_media_type', () => multipart([file('x.mov', zip, 'video/quicktime')])],
    ['an ELF executable named .mkv', 415, 'unsupported_media_type', () => multipart([file('x.mkv', elf, 'video/x-matroska')])],
    ['a form without the file field', 400, 'validation_failed', () => multipart([{ name: 'title', value: 'no file' }])],
    ['a body over the upload limit', 413, 'payload_too_large', () => multipart([file('big.mp4', Buffer.alloc(1536 * 1024, 7))])],
  ])('refuses %s with %i %s', async (_name, status, code, body) => {
    expectLegacyError(await upload(body()), status, code);
  });

  it.each([
    ['a NUL byte', 'clip\u0000.exe'],
    ['terminal escape codes', '\u001b]0;pwned\u0007'],
    ['300 characters', 't'.repeat(300)],
  ])('refuses a title with %s with 400 validation_failed, storing nothing', async (_name, title) => {
    expectLegacyError(await uploadClip([{ name: 'title', value: title }]), 400, 'validation_failed');
  });

  it('refuses an upload sent as JSON with 415 unsupported_media_type', async () => {
    expectLegacyError(await upload(Buffer.from('{"file":"AAAA"}'), 'application/json'), 415, 'unsupported_media_type');
  });

  it('refuses a multipart body without a boundary with 400 validation_failed', async () => {
    expectLegacyError(await upload(multipart([file('clip.mp4', 'x')]), 'multipart/form-data; charset=utf-8'), 400, 'validation_failed');
  });

  it('refuses a multipart body that is garbage with 400 validation_failed', async () => {
    expectLegacyError(await upload(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n\u0000\u0000`)), 400, 'validation_failed');
  });

  it('keeps only the last segment of a filename with path traversal, storing the file inside storage', async () => {
    const response = await upload(multipart([file('../../../../etc/cron.d/evil.mp4', await readFile(clip))]));
    expect(response.status).toBe(201);
    expect(response.body.title).toBe('evil.mp4');
  });

  it('refuses a part whose filename carries a NUL byte as a malformed body (400 validation_failed)', async () => {
    const response = await upload(multipart([file('clip\u0000.mp4', await readFile(clip))]));
    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([{ path: '', message: 'The multipart body is malformed' }]);
  });

  it('keeps a right-to-left title with a direction override exactly as sent', async () => {
    const title = 'סרטון \u202Egnp.exe\u202C 🎬';
    const response = await uploadClip([{ name: 'title', value: title }]);
    expect(response.status).toBe(201);
    expect(response.body.title).toBe(title);
  });

  it('decodes an RFC 5987 UTF-8 filename into the default title', async () => {
    const response = await upload(multipart([{ name: 'file', value: await readFile(clip), disposition: `filename*=UTF-8''%D7%A1%D7%A8%D7%98.mp4`, contentType: 'video/mp4' }]));
    expect(response.status).toBe(201);
    expect(response.body.title).toBe('סרט.mp4');
  });

  describe('files that pass sniffing but are no video to transcode', () => {
    /** A clip whose movie header claims 1000 hours: a few hundred kilobytes declaring a running time no encoder should take on. */
    async function durationBomb(): Promise<string> {
      const bytes = await readFile(clip);
      const mvhd = bytes.indexOf('mvhd');
      const timescale = bytes.readUInt32BE(mvhd + 16);
      bytes.writeUInt32BE(Math.min(timescale * 3_600_000, 0xffff_fff0), mvhd + 20);
      const output = path.join(scratchOf(system), 'duration-bomb.mp4');
      await writeFile(output, bytes);
      return output;
    }

    it.each([
      ['a corrupt file behind a valid MP4 header', 'media_unreadable', () => makeCorruptVideo(scratchOf(system))],
      ['an 8192×8192 picture (a resolution bomb)', 'source_too_large', () => makeClip(scratchOf(system), { width: 8192, height: 8192, seconds: 0.04, audio: false, name: 'resolution-bomb.mp4' })],
      ['a header claiming 1000 hours (a duration bomb)', 'source_too_large', durationBomb],
    ])('accepts %s, then fails the video with %s and a readable reason', async (_name, code, make) => {
      const response = await upload(multipart([file('suspicious.mp4', await readFile(await make()))]));
      expect(response.status).toBe(201);
      const settled = await waitForSettledVideo(system.customer, response.body.id);
      expect(settled.status).toBe('failed');
      expect(settled.error).toMatchObject({ code, message: expect.stringMatching(/^The (video|file) /) });
    }, 60_000);
  });

  describe('a ready video', () => {
    let videoId: string;

    beforeAll(async () => {
      const response = await uploadClip([]);
      videoId = response.body.id;
      expect((await waitForSettledVideo(system.customer, videoId)).status).toBe('ready');
    }, 60_000);

    it.each([
      ['an HLS path climbing to the original', '/renditions/hls/..%2F..%2F..%2Fsource'],
      ['an HLS path climbing with dot segments', '/renditions/hls/%2e%2e/%2e%2e/%2e%2e/source'],
      ['an HLS path with a NUL byte', '/renditions/hls/480p%00.m3u8'],
      ['a preset climbing to the original', '/renditions/..%2Fsource'],
    ])('answers 404 not_found to %s', async (_name, suffix) => {
      expectLegacyError(await request(system.url).get(`/api/videos/${videoId}${suffix}`).set('authorization', `Bearer ${system.customer.token}`), 404, 'not_found');
    });

    it('answers another customer 404 not_found for it and its renditions, leaking nothing', async () => {
      const stranger = await signUpCustomer(system.url);
      expectLegacyError(await stranger.get(`/api/videos/${videoId}`), 404, 'not_found');
      expectLegacyError(await stranger.get(`/api/videos/${videoId}/renditions/480p`), 404, 'not_found');
      expectLegacyError(await stranger.delete(`/api/videos/${videoId}`), 404, 'not_found');
    });
  });
});
