import { Readable } from 'node:stream';
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/create-logger';
import type { ByteRange } from '../../core/storage/object-storage';
import type { DownloadableFile } from '../../core/videos/videos.service';
import { answerLegacyError } from '../middleware/legacy-errors.middleware';
import { assignRequestId } from '../middleware/request-id.middleware';
import { sendStoredFile } from './send-stored-file';

const content = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');

/** A stored file in memory that remembers the ranges it was read with. */
function aStoredFile(bytes: Buffer = content, contentType = 'video/mp4') {
  const reads: Array<ByteRange | undefined> = [];
  const file: DownloadableFile = {
    sizeBytes: bytes.length,
    contentType,
    read: async (range) => {
      reads.push(range);
      return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
    },
  };
  return { file, reads };
}

/** An app serving one file at GET /file, with the monolith's error answers. */
function appServing(file: DownloadableFile): Express {
  return express()
    .use(assignRequestId())
    .get('/file', async (req, res) => sendStoredFile(req, res, file))
    .use(answerLegacyError(createLogger('send-stored-file-test', 'silent'), 1024));
}

describe('sendStoredFile', () => {
  it('sends the whole file with 200, its type and length, and says ranges are accepted', async () => {
    const { file, reads } = aStoredFile();

    const response = await request(appServing(file)).get('/file').buffer(true);

    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': String(content.length),
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-cache',
    });
    expect(response.headers['content-range']).toBeUndefined();
    expect(Buffer.from(response.body as Buffer).equals(content)).toBe(true);
    expect(reads).toEqual([undefined]);
  });

  it.each([
    ['a range', 'bytes=2-5', 2, 5],
    ['an open-ended range', 'bytes=30-', 30, 35],
    ['a suffix', 'bytes=-4', 32, 35],
    ['a range past the end, cut to it', 'bytes=34-1000', 34, 35],
  ])('sends %s with 206 and its Content-Range', async (_name, range, start, end) => {
    const { file, reads } = aStoredFile();

    const response = await request(appServing(file)).get('/file').set('range', range).buffer(true);

    expect(response.status).toBe(206);
    expect(response.headers).toMatchObject({
      'content-type': 'video/mp4',
      'content-range': `bytes ${start}-${end}/${content.length}`,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
    });
    expect(Buffer.from(response.body as Buffer).toString()).toBe(content.subarray(start, end + 1).toString());
    expect(reads).toEqual([{ start, end }]);
  });

  it('sends the whole file for several ranges far apart', async () => {
    const { file } = aStoredFile();

    const response = await request(appServing(file)).get('/file').set('range', 'bytes=0-1,20-21').buffer(true);

    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(content.length));
  });

  it('answers 416 in the legacy error shape, naming the size, for a range past the end, without reading the file', async () => {
    const { file, reads } = aStoredFile();

    const response = await request(appServing(file)).get('/file').set('range', 'bytes=100-200');

    expect(response.status).toBe(416);
    expect(response.headers['content-range']).toBe(`bytes */${content.length}`);
    expect(response.body).toEqual({ error: { code: 'range_not_satisfiable', message: `The requested range is outside the file (${content.length} bytes)` } });
    expect(reads).toEqual([]);
  });

  it('sends the headers of a HEAD request without a body', async () => {
    const { file } = aStoredFile();

    const response = await request(appServing(file)).head('/file');

    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.body).toEqual({});
  });

  it('sends the file’s own content type (an HLS playlist)', async () => {
    const { file } = aStoredFile(Buffer.from('#EXTM3U\n'), 'application/vnd.apple.mpegurl');

    const response = await request(appServing(file)).get('/file').buffer(true);

    expect(response.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(response.text).toBe('#EXTM3U\n');
  });
});
