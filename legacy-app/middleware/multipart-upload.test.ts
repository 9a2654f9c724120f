import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { UnsupportedMediaTypeError } from '../../core/errors/app-error';
import { createLogger } from '../../core/logging/create-logger';
import { expectLegacyError } from '../../test/support/expect-legacy-error';
import { answerLegacyError } from './legacy-errors.middleware';
import { readMultipartUpload } from './multipart-upload';
import { assignRequestId } from './request-id.middleware';

const limitBytes = 1024;
const boundary = 'test-boundary-7MA4YWxkTrZu0gW';
const multipartType = `multipart/form-data; boundary=${boundary}`;

/** A multipart body written by hand: each part's headers and content, then the closing boundary. */
function multipartBody(parts: Array<{ name: string; fileName?: string; content: string | Buffer }>, closing = `--${boundary}--\r\n`): Buffer {
  const chunks = parts.flatMap(({ name, fileName, content }) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${fileName === undefined ? '' : `; filename="${fileName}"`}\r\n` +
        (fileName === undefined ? '' : 'Content-Type: application/octet-stream\r\n') +
        '\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(closing)]);
}

/**
 * An app answering POST /upload with what the upload carried: the file's size and digest (as
 * `receiveFile` read it), its name and the fields. `receiveFile` can be replaced to refuse files.
 */
function anUploadApp(receive?: (file: Readable) => Promise<{ size: number; sha256: string }>) {
  const received: string[] = [];
  const discarded: Array<{ size: number; sha256: string }> = [];
  const receiveFile = async (file: Readable) => {
    received.push('file');
    if (receive) return receive(file);
    const bytes = await buffer(file);
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const app: Express = express()
    .use(assignRequestId())
    .post('/upload', async (req, res) => {
      const upload = await readMultipartUpload(req, { fileField: 'file', limitBytes, receiveFile, discardFile: (file) => discarded.push(file) });
      res.status(201).json({ ...upload.received, fileName: upload.fileName, fields: Object.fromEntries(upload.fields) });
    })
    .use(answerLegacyError(createLogger('multipart-upload-test', 'silent'), 1024 * 1024));
  return { app, received, discarded };
}

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

describe('readMultipartUpload', () => {
  it('streams the file to receiveFile and collects its name and the text fields', async () => {
    const { app } = anUploadApp();
    const video = Buffer.alloc(700, 0x47);

    const response = await request(app).post('/upload').field('title', 'Holiday in Lisbon').field('tags', 'beach').attach('file', video, 'clip.mp4');

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ size: 700, sha256: sha256(video), fileName: 'clip.mp4', fields: { title: 'Holiday in Lisbon', tags: 'beach' } });
  });

  it('skips a file part of another name that comes before the file', async () => {
    const { app } = anUploadApp();

    const response = await request(app)
      .post('/upload')
      .set('content-type', multipartType)
      .send(multipartBody([{ name: 'thumbnail', fileName: 'thumb.png', content: 'png' }, { name: 'file', fileName: 'clip.mp4', content: 'video' }]));

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ size: 5, fileName: 'clip.mp4' });
  });

  it('discards a received file when the body turns out malformed after it', async () => {
    const { app, discarded } = anUploadApp();

    const unterminatedField = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nno end`;
    const body = multipartBody([{ name: 'file', fileName: 'clip.mp4', content: 'video' }], unterminatedField);

    const response = await request(app).post('/upload').set('content-type', multipartType).send(body);

    expectLegacyError(response, 400, 'validation_failed');
    await expect.poll(() => discarded).toEqual([{ size: 5, sha256: sha256('video') }]);
  });

  it('ends the file stream with an error when the client goes away mid-upload', async () => {
    const outcomes: string[] = [];
    const { app, received } = anUploadApp((file) =>
      buffer(file).then(
        () => {
          outcomes.push('completed');
          return { size: 0, sha256: '' };
        },
        (error: Error) => {
          outcomes.push(`failed: ${error.message}`);
          throw error;
        },
      ),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const partial = multipartBody([{ name: 'file', fileName: 'clip.mp4', content: Buffer.alloc(500, 1) }]).subarray(0, 300);

    const client = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/upload', headers: { 'content-type': multipartType, 'content-length': '5000' } });
    client.on('error', () => undefined);
    client.write(partial);
    await expect.poll(() => received).toEqual(['file']);
    client.destroy();

    await expect.poll(() => outcomes).toEqual([expect.stringMatching(/^failed: /)]);
    server.close();
  });

  it('reads a file name in UTF-8', async () => {
    const { app } = anUploadApp();

    const response = await request(app).post('/upload').set('content-type', multipartType).send(multipartBody([{ name: 'file', fileName: 'Zürich 夜.mp4', content: 'video' }]));

    expect(response.body.fileName).toBe('Zürich 夜.mp4');
  });

  it('takes the first file of the field and ignores a second one', async () => {
    const { app, received } = anUploadApp();

    const response = await request(app)
      .post('/upload')
      .set('content-type', multipartType)
      .send(multipartBody([{ name: 'file', fileName: 'first.mp4', content: 'first' }, { name: 'file', fileName: 'second.mp4', content: 'second, longer' }]));

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ fileName: 'first.mp4', size: 5, sha256: sha256('first') });
    expect(received).toEqual(['file']);
  });

  it.each([
    ['no content type', undefined],
    ['JSON', 'application/json'],
    ['a url-encoded form', 'application/x-www-form-urlencoded'],
    ['multipart/form-data without parameters', 'multipart/form-data'],
    ['another multipart type', `multipart/mixed; boundary=${boundary}`],
  ])('answers 415 for %s, without reading a file', async (_name, contentType) => {
    const { app, received } = anUploadApp();
    const body = request(app).post('/upload');
    if (contentType) body.set('content-type', contentType);

    const response = await body.send(Buffer.from('{"title":"x"}'));

    expectLegacyError(response, 415, 'unsupported_media_type');
    expect(response.body.error.message).toBe('Send the video as multipart/form-data with the file in the "file" field');
    expect(received).toEqual([]);
  });

  it('answers 413 naming the limit when the declared length is over it, without reading a file', async () => {
    const { app, received } = anUploadApp();
    const tooLarge = Buffer.alloc(limitBytes + 64 * 1024 + 1, 0x47);

    const response = await request(app).post('/upload').set('content-type', multipartType).send(multipartBody([{ name: 'file', fileName: 'big.mp4', content: tooLarge }]));

    expectLegacyError(response, 413, 'payload_too_large');
    expect(response.body.error.message).toBe('The upload exceeds the limit of 1 KiB');
    expect(received).toEqual([]);
  });

  it.each([
    ['only text fields', [{ name: 'title', content: 'Holiday' }]],
    ['a file in another field', [{ name: 'video', fileName: 'clip.mp4', content: 'video' }]],
    ['no part at all', []],
  ])('answers 400 on file for a body with %s', async (_name, parts) => {
    const { app, received } = anUploadApp();

    const response = await request(app).post('/upload').set('content-type', multipartType).send(multipartBody(parts));

    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([{ path: 'file', message: 'file is required: send the video in the multipart field "file"' }]);
    expect(received).toEqual([]);
  });

  it.each([
    ['a body cut off inside the file', multipartBody([{ name: 'file', fileName: 'clip.mp4', content: 'video' }], '').subarray(0, 120)],
    ['a body without its closing boundary', multipartBody([{ name: 'title', content: 'Holiday' }], '')],
    ['a part without headers', Buffer.from(`--${boundary}\r\n\r\n\r\nstray bytes`)],
  ])('answers 400 for %s', async (_name, body) => {
    const { app } = anUploadApp();

    const response = await request(app).post('/upload').set('content-type', multipartType).send(body);

    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([{ path: '', message: 'The multipart body is malformed' }]);
  });

  it('answers 400 for a multipart content type without a boundary', async () => {
    const { app } = anUploadApp();

    const response = await request(app).post('/upload').set('content-type', 'multipart/form-data; charset=utf-8').send(Buffer.from('x'));

    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([{ path: '', message: 'The multipart body has no boundary' }]);
  });

  it('answers with receiveFile’s refusal, reading the rest of the body first', async () => {
    const { app } = anUploadApp(async (file) => {
      // Refuses after the first bytes, as the videos service does for a file that is not a video.
      for await (const chunk of file) if (chunk) break;
      throw new UnsupportedMediaTypeError('The file is not a video');
    });

    const response = await request(app)
      .post('/upload')
      .set('content-type', multipartType)
      .send(multipartBody([{ name: 'file', fileName: 'notes.txt', content: Buffer.alloc(900, 0x61) }, { name: 'title', content: 'after the file' }]));

    expectLegacyError(response, 415, 'unsupported_media_type');
    expect(response.body.error.message).toBe('The file is not a video');
  });
});
