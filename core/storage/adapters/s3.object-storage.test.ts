import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, ObjectNotFoundError } from '../storage.errors';
import { S3ObjectStorage } from './s3.object-storage';

const bucket = 'videos-bucket';
// Fixed credentials: nothing here may look for real ones, and presigned URLs become predictable.
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
const s3 = mockClient(client);
const storage = new S3ObjectStorage({ client, bucket });

/** A GetObject body as the SDK hands it out in Node.js: a Readable with the SDK's helpers mixed in. */
function objectBody(text: string): NonNullable<GetObjectCommandOutput['Body']> {
  const bytes = Buffer.from(text);
  return Object.assign(Readable.from([bytes]), {
    transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)),
    transformToString: () => Promise.resolve(text),
    transformToWebStream: () => new Blob([bytes]).stream(),
  });
}

/** An error as the SDK raises it for an S3 error answer that has no class of its own. */
const s3Error = (name: string, httpStatusCode: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });

const inputsOf = <Input extends object>(calls: Array<{ args: [{ input: Input }] }>) => calls.map((call) => call.args[0].input);

beforeEach(() => {
  s3.reset();
});

describe('S3ObjectStorage', () => {
  describe('put', () => {
    it('stores a buffer with one PutObject, the content type taken from the key', async () => {
      s3.on(PutObjectCommand).resolves({});

      const stored = await storage.put('videos/v1/jobs/j1/720p/720p.mp4', Buffer.from('mp4 bytes'), { contentType: 'text/plain' });

      expect(stored).toEqual({ key: 'videos/v1/jobs/j1/720p/720p.mp4', sizeBytes: 9 });
      expect(inputsOf(s3.commandCalls(PutObjectCommand))).toEqual([
        { Bucket: bucket, Key: 'videos/v1/jobs/j1/720p/720p.mp4', ContentType: 'video/mp4', Body: Buffer.from('mp4 bytes') },
      ]);
    });

    it.each([
      ['videos/v1/hls/master.m3u8', undefined, 'application/vnd.apple.mpegurl'],
      ['videos/v1/hls/480p/segment_001.ts', undefined, 'video/mp2t'],
      ['videos/v1/metadata.json', 'text/plain', 'application/json'],
      ['videos/v1/source', 'video/quicktime', 'video/quicktime'],
      ['videos/v1/source', undefined, 'application/octet-stream'],
    ])('stores %s (asked for %s) as %s', async (key, contentType, expected) => {
      s3.on(PutObjectCommand).resolves({});

      await storage.put(key, Buffer.from('x'), contentType === undefined ? undefined : { contentType });

      expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.ContentType).toBe(expected);
    });

    it('uploads a small stream of unknown length as one PutObject and counts its bytes', async () => {
      s3.on(PutObjectCommand).resolves({});

      const stored = await storage.put('videos/v1/source', Readable.from([Buffer.from('hello '), Buffer.from('world')]), { contentType: 'video/mp4' });

      expect(stored).toEqual({ key: 'videos/v1/source', sizeBytes: 11 });
      const [input] = inputsOf(s3.commandCalls(PutObjectCommand));
      expect(input).toMatchObject({ Bucket: bucket, Key: 'videos/v1/source', ContentType: 'video/mp4' });
      expect(Buffer.from(input?.Body as Uint8Array).toString()).toBe('hello world');
    });

    it('uploads a large stream in parts and completes the multipart upload', async () => {
      s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
      s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"etag-${input.PartNumber}"` }));
      s3.on(CompleteMultipartUploadCommand).resolves({});
      const sixMiB = 6 * 1024 * 1024;

      const stored = await storage.put('videos/v1/source', Readable.from([Buffer.alloc(sixMiB / 2), Buffer.alloc(sixMiB / 2)]));

      expect(stored.sizeBytes).toBe(sixMiB);
      expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(1);
      expect(inputsOf(s3.commandCalls(CreateMultipartUploadCommand))[0]).toMatchObject({ Bucket: bucket, Key: 'videos/v1/source', ContentType: 'application/octet-stream' });
      expect(s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input.PartNumber).sort()).toEqual([1, 2]);
      expect(inputsOf(s3.commandCalls(CompleteMultipartUploadCommand))[0]).toMatchObject({
        Bucket: bucket,
        Key: 'videos/v1/source',
        UploadId: 'upload-1',
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"etag-1"' }, { PartNumber: 2, ETag: '"etag-2"' }] },
      });
    });

    it('fails the put when the source stream fails', async () => {
      s3.on(PutObjectCommand).resolves({});
      const failing = new Readable({
        read() {
          this.destroy(new Error('client went away'));
        },
      });

      await expect(storage.put('videos/v1/source', failing)).rejects.toThrow('client went away');
    });
  });

  describe('stat', () => {
    it('reports the size from HeadObject', async () => {
      s3.on(HeadObjectCommand, { Bucket: bucket, Key: 'videos/v1/source' }).resolves({ ContentLength: 1234 });

      expect(await storage.stat('videos/v1/source')).toEqual({ key: 'videos/v1/source', sizeBytes: 1234 });
    });

    it('reports nothing for an absent object', async () => {
      s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));

      expect(await storage.stat('videos/v1/source')).toBeUndefined();
    });

    it('passes other failures on', async () => {
      s3.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));

      await expect(storage.stat('videos/v1/source')).rejects.toThrow('Forbidden');
    });
  });

  describe('read', () => {
    it('reads a whole object with GetObject', async () => {
      s3.on(GetObjectCommand).resolves({ Body: objectBody('hello world') });

      const body = await storage.read('videos/v1/source');

      expect((await buffer(body)).toString()).toBe('hello world');
      expect(inputsOf(s3.commandCalls(GetObjectCommand))).toEqual([{ Bucket: bucket, Key: 'videos/v1/source' }]);
    });

    it('reads an inclusive byte range through the Range header', async () => {
      s3.on(GetObjectCommand).resolves({ Body: objectBody('234') });

      await storage.read('videos/v1/source', { start: 2, end: 4 });

      expect(inputsOf(s3.commandCalls(GetObjectCommand))).toEqual([{ Bucket: bucket, Key: 'videos/v1/source', Range: 'bytes=2-4' }]);
    });

    it('fails with ObjectNotFoundError when S3 says NoSuchKey', async () => {
      s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));

      const reading = storage.read('videos/v1/source');

      await expect(reading).rejects.toThrow(ObjectNotFoundError);
      await expect(reading).rejects.toMatchObject({ key: 'videos/v1/source', cause: expect.any(NoSuchKey) });
    });

    it('fails with a RangeError when the range starts past the end (S3 answers 416)', async () => {
      s3.on(GetObjectCommand).rejects(s3Error('InvalidRange', 416));

      await expect(storage.read('videos/v1/source', { start: 100, end: 200 })).rejects.toThrow(RangeError);
    });

    it('refuses an inverted range before asking S3, which would ignore it and send everything', async () => {
      await expect(storage.read('videos/v1/source', { start: 5, end: 2 })).rejects.toThrow(RangeError);
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    });
  });

  describe('list', () => {
    it('follows ListObjectsV2 pages and returns every key, sorted', async () => {
      s3.on(ListObjectsV2Command, { Bucket: bucket, Prefix: 'videos/v1/' })
        .resolves({ Contents: [{ Key: 'videos/v1/source' }, { Key: 'videos/v1/b' }], IsTruncated: true, NextContinuationToken: 'page-2' });
      s3.on(ListObjectsV2Command, { Bucket: bucket, Prefix: 'videos/v1/', ContinuationToken: 'page-2' }).resolves({ Contents: [{ Key: 'videos/v1/a' }], IsTruncated: false });

      expect(await storage.list('videos/v1/')).toEqual(['videos/v1/a', 'videos/v1/b', 'videos/v1/source']);
      expect(inputsOf(s3.commandCalls(ListObjectsV2Command))).toEqual([
        { Bucket: bucket, Prefix: 'videos/v1/' },
        { Bucket: bucket, Prefix: 'videos/v1/', ContinuationToken: 'page-2' },
      ]);
    });

    it('returns nothing for an empty prefix listing', async () => {
      s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

      expect(await storage.list('videos/none/')).toEqual([]);
    });
  });

  describe('delete', () => {
    it('deletes one object with DeleteObject', async () => {
      s3.on(DeleteObjectCommand).resolves({});

      await storage.delete('videos/v1/source');

      expect(inputsOf(s3.commandCalls(DeleteObjectCommand))).toEqual([{ Bucket: bucket, Key: 'videos/v1/source' }]);
    });

    it('deletes everything under a prefix in DeleteObjects batches of 1000', async () => {
      const keys = Array.from({ length: 2500 }, (_, index) => `videos/v1/hls/segment_${String(index).padStart(4, '0')}.ts`);
      s3.on(ListObjectsV2Command, { Prefix: 'videos/v1/' }).resolves({ Contents: keys.slice(0, 1000).map((Key) => ({ Key })), IsTruncated: true, NextContinuationToken: 't2' });
      s3.on(ListObjectsV2Command, { Prefix: 'videos/v1/', ContinuationToken: 't2' }).resolves({ Contents: keys.slice(1000).map((Key) => ({ Key })), IsTruncated: false });
      s3.on(DeleteObjectsCommand).resolves({});

      await storage.deletePrefix('videos/v1/');

      const batches = inputsOf(s3.commandCalls(DeleteObjectsCommand));
      expect(batches.map((batch) => [batch.Bucket, batch.Delete?.Quiet, batch.Delete?.Objects?.length])).toEqual([
        [bucket, true, 1000],
        [bucket, true, 1000],
        [bucket, true, 500],
      ]);
      expect(batches.flatMap((batch) => batch.Delete?.Objects?.map((object) => object.Key))).toEqual(keys);
    });

    it('sends no DeleteObjects when nothing is under the prefix', async () => {
      s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });

      await storage.deletePrefix('videos/v1/');

      expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
    });

    it('fails, naming the keys, when DeleteObjects reports some it could not delete', async () => {
      s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'videos/v1/a' }, { Key: 'videos/v1/b' }] });
      s3.on(DeleteObjectsCommand).resolves({ Deleted: [{ Key: 'videos/v1/a' }], Errors: [{ Key: 'videos/v1/b', Code: 'AccessDenied', Message: 'Access Denied' }] });

      await expect(storage.deletePrefix('videos/v1/')).rejects.toThrow('Could not delete 1 object(s) under "videos/v1/", e.g. videos/v1/b (AccessDenied: Access Denied)');
    });
  });

  describe('refused keys', () => {
    it.each(['', '../etc/passwd', '/absolute', 'a//b', 'a/./b', 'videos/v1/with space', 'videos/v1/ümlaut', 'trailing/'])('refuses %j without calling S3', async (key) => {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.stat(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.read(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.presignedDownloadUrl(key, { expiresInSeconds: 60 })).rejects.toThrow(InvalidStorageKeyError);
      expect(s3.calls()).toHaveLength(0);
    });

    it.each(['', '/', '../', 'videos/../'])('refuses the prefix %j, so deletePrefix can never empty the bucket', async (prefix) => {
      await expect(storage.list(prefix)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.deletePrefix(prefix)).rejects.toThrow(InvalidStorageKeyError);
      expect(s3.calls()).toHaveLength(0);
    });
  });

  describe('presignedDownloadUrl', () => {
    it('signs a GET of the key that expires after the given time', async () => {
      const url = new URL(await storage.presignedDownloadUrl('videos/v1/jobs/j1/720p/720p.mp4', { expiresInSeconds: 900 }));

      expect(url.protocol).toBe('https:');
      expect(url.hostname).toBe(`${bucket}.s3.eu-west-1.amazonaws.com`);
      expect(url.pathname).toBe('/videos/v1/jobs/j1/720p/720p.mp4');
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(url.searchParams.has('response-content-disposition')).toBe(false);
      // Presigning is local: S3 is not called.
      expect(s3.calls()).toHaveLength(0);
    });

    it('asks S3 to serve it as an attachment under the given name, quoted safely', async () => {
      const url = new URL(await storage.presignedDownloadUrl('videos/v1/jobs/j1/720p/720p.mp4', { expiresInSeconds: 60, downloadName: 'Lisbon "2024" – café.mp4' }));

      expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
      expect(url.searchParams.get('response-content-disposition')).toBe(
        `attachment; filename="Lisbon _2024_ _ caf_.mp4"; filename*=UTF-8''Lisbon%20%222024%22%20%E2%80%93%20caf%C3%A9.mp4`,
      );
    });
  });
});
