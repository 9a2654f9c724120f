import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import busboy from 'busboy';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aLambdaContext, aRestApiEvent, type RestApiRequest } from './rest-api-event.builder';
import { createHttpEventServer } from './serve-http-event';

/** Every byte value, several of them invalid as UTF-8: they survive only if nothing treats them as text. */
const ALL_BYTES = Buffer.from(Array.from({ length: 1024 }, (_, index) => index % 256));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A small app with the traits of the monolith: JSON, multipart uploads, cookies, files with Range, its own 404. */
function createTestApp(clipPath: string): Express {
  const app = express();
  app.get('/api/things', (req, res) => {
    res.json({ query: req.query, tags: req.rawHeaders.filter((_, index, all) => all[index - 1]?.toLowerCase() === 'x-tag') });
  });
  app.post('/api/things', express.json(), (req, res) => {
    res.status(201).json({ received: req.body });
  });
  app.get('/api/videos/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.post('/api/uploads', (req, res) => {
    const fields: Record<string, string> = {};
    const files: Array<{ filename: string; sizeBytes: number; sha256: string }> = [];
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, { filename }) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => files.push({ filename: filename ?? '', sizeBytes: Buffer.concat(chunks).length, sha256: sha256(Buffer.concat(chunks)) }));
    });
    parser.on('close', () => res.status(201).json({ fields, files }));
    req.pipe(parser);
  });
  app.post('/api/session', (req, res) => {
    res.cookie('session', 'new', { httpOnly: true });
    res.cookie('theme', 'light');
    res.json({ cookie: req.headers.cookie });
  });
  app.get('/media', (req, res) => {
    res.type(String(req.query.type)).send(ALL_BYTES);
  });
  app.get('/playlist.m3u8', (_req, res) => {
    res.type('application/vnd.apple.mpegurl').send('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1400000\n720p/index.m3u8\n');
  });
  app.get('/files/clip.mp4', (_req, res) => {
    res.sendFile(clipPath);
  });
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
  });
  return app;
}

function multipartBody(boundary: string, title: string, file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('createHttpEventServer', () => {
  let directory: string;
  let serve: ReturnType<typeof createHttpEventServer>;
  const invoke = (request: RestApiRequest) => serve(aRestApiEvent(request), aLambdaContext());

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'serve-http-event-'));
    const clipPath = path.join(directory, 'clip.mp4');
    await writeFile(clipPath, ALL_BYTES);
    serve = createHttpEventServer(createTestApp(clipPath));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('answers a JSON GET as text, without the headers of its own connection to the app', async () => {
    const result = await invoke({ path: '/api/things', query: [['limit', '5']] });

    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(JSON.parse(result.body)).toEqual({ query: { limit: '5' }, tags: [] });
    expect(Object.keys(result.headers ?? {}).map((name) => name.toLowerCase())).not.toContain('connection');
  });

  it('hands a POSTed JSON body to the app', async () => {
    const body = JSON.stringify({ title: 'été 漢字 🎬' });

    const result = await invoke({ method: 'POST', path: '/api/things', headers: [['Content-Type', 'application/json']], body });

    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ received: { title: 'été 漢字 🎬' } });
  });

  it('delivers the bytes of a base64-encoded multipart upload intact, even one the client sent chunked', async () => {
    const body = multipartBody('x-boundary', 'My clip été', ALL_BYTES);

    const result = await invoke({
      method: 'POST',
      path: '/api/uploads',
      // Beside the Content-Length aws-serverless-express adds, Node's parser would refuse the request (400).
      headers: [['content-type', 'multipart/form-data; boundary=x-boundary'], ['Transfer-Encoding', 'chunked']],
      body,
    });

    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({
      fields: { title: 'My clip été' },
      files: [{ filename: 'clip.mp4', sizeBytes: ALL_BYTES.length, sha256: sha256(ALL_BYTES) }],
    });
  });

  it.each(['video/mp4', 'video/mp2t', 'application/octet-stream', 'image/png'])('returns a %s body base64-encoded, byte for byte', async (type) => {
    const result = await invoke({ path: '/media', query: [['type', type]] });

    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64')).toEqual(ALL_BYTES);
  });

  it('returns an HLS playlist as text', async () => {
    const result = await invoke({ path: '/playlist.m3u8' });

    expect(result).toMatchObject({ isBase64Encoded: false, body: '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1400000\n720p/index.m3u8\n' });
  });

  it('passes every value of a repeated header and of a repeated query parameter, unicode and + included', async () => {
    const result = await invoke({
      path: '/api/things',
      headers: [['X-Tag', 'a'], ['Accept', 'application/json'], ['X-Tag', 'b']],
      query: [['tag', 'a'], ['q', 'x+y'], ['tag', 'b'], ['title', 'été 🎬'], ['expr', 'a&b=c']],
    });

    expect(JSON.parse(result.body)).toEqual({
      query: { tag: ['a', 'b'], q: 'x+y', title: 'été 🎬', expr: 'a&b=c' },
      tags: ['a', 'b'],
    });
  });

  it('passes every Cookie header in and returns each cookie set in multiValueHeaders', async () => {
    const result = await invoke({ method: 'POST', path: '/api/session', headers: [['Cookie', 'session=abc; theme=dark'], ['Cookie', 'lang=fr']] });

    expect(JSON.parse(result.body)).toEqual({ cookie: 'session=abc; theme=dark; lang=fr' });
    expect(result.multiValueHeaders).toEqual({ 'set-cookie': ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'] });
    expect(Object.keys(result.headers ?? {}).filter((name) => name.toLowerCase() === 'set-cookie')).toEqual([]);
  });

  it('answers a Range request with 206 and exactly the bytes asked for', async () => {
    const result = await invoke({ path: '/files/clip.mp4', headers: [['Range', 'bytes=100-199']] });

    expect(result).toMatchObject({ statusCode: 206, isBase64Encoded: true, headers: { 'content-range': 'bytes 100-199/1024', 'content-type': 'video/mp4' } });
    expect(Buffer.from(result.body, 'base64')).toEqual(ALL_BYTES.subarray(100, 200));
  });

  it('answers what the app answers for a path it does not serve', async () => {
    const result = await invoke({ method: 'DELETE', path: '/api/nothing-here' });

    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'not_found', message: 'No route for DELETE /api/nothing-here' } });
  });

  it.each([
    ['decoded, as a REST API sends it', '/api/videos/été 1'],
    ['percent-encoded, as the edge proxy sends it', '/api/videos/%C3%A9t%C3%A9%201'],
  ])('serves a path with unicode and spaces %s', async (_case, requestPath) => {
    const result = await invoke({ path: requestPath });

    expect(JSON.parse(result.body)).toEqual({ id: 'été 1' });
  });

  it('serves a request whose headers fill the 10 KiB a REST API accepts', async () => {
    const result = await invoke({ method: 'POST', path: '/api/session', headers: [['Cookie', `big=${'x'.repeat(10 * 1024 - 20)}`]] });

    expect(result.statusCode).toBe(200);
  });

  it('serves invocation after invocation on the one server it started', async () => {
    for (let index = 0; index < 20; index++) {
      expect((await invoke({ path: '/api/things' })).statusCode).toBe(200);
    }
  });

  it('fails the invocation when aws-serverless-express cannot forward the request to the app', async () => {
    // It logs its failure to the console before answering a bare 500.
    const muted = [vi.spyOn(console, 'log').mockImplementation(() => undefined), vi.spyOn(console, 'error').mockImplementation(() => undefined)];
    try {
      await expect(invoke({ path: '/api/things', headers: [['X-Bad', 'a\nb']] })).rejects.toThrow(/could not forward the request to the app \(it answered 500/);
    } finally {
      for (const spy of muted) spy.mockRestore();
    }
  });
});
