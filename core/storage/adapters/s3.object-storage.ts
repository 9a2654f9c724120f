import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ByteRange, ObjectStorage, StoredObject } from '../object-storage';
import { assertStorageKey, assertStoragePrefix } from '../storage-key';
import { ObjectNotFoundError } from '../storage.errors';

interface S3ObjectStorageOptions {
  /** Region, endpoint and credentials are the composition root's choice. */
  readonly client: S3Client;
  readonly bucket: string;
}

// What players and browsers need to hear for the renditions; the key decides, whatever the caller says.
const contentTypesByExtension: ReadonlyMap<string, string> = new Map([
  ['.mp4', 'video/mp4'],
  ['.m3u8', 'application/vnd.apple.mpegurl'],
  ['.ts', 'video/mp2t'],
  ['.json', 'application/json'],
]);

// DeleteObjects takes at most this many keys per request.
const maxKeysPerDelete = 1000;

const isS3Error = (error: unknown, name: string) => error instanceof S3ServiceException && error.name === name;

/** Objects in one S3 bucket, under the same key rules as the filesystem storage. */
export class S3ObjectStorage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3ObjectStorageOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
  }

  async put(key: string, body: Readable | Buffer, options: { contentType?: string } = {}): Promise<StoredObject> {
    assertStorageKey(key);
    const target = { Bucket: this.bucket, Key: key, ContentType: contentTypeOf(key, options.contentType) };
    if (Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ ...target, Body: body }));
      return { key, sizeBytes: body.length };
    }
    // The length of an upload stream is unknown: Upload sends it in parts (one PutObject when small)
    // and aborts the multipart upload on failure, so no partial object ever becomes visible.
    let sizeBytes = 0;
    async function* counted(source: Readable): AsyncGenerator<Buffer> {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        sizeBytes += chunk.length;
        yield chunk;
      }
    }
    await new Upload({ client: this.client, params: { ...target, Body: Readable.from(counted(body)) } }).done();
    return { key, sizeBytes };
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    assertStorageKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      // HEAD answers have no body, so S3 cannot say NoSuchKey: the SDK names the bare 404 NotFound.
      if (isS3Error(error, 'NotFound')) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertStorageKey(key);
    if (range !== undefined) assertRange(range);
    const request = { Bucket: this.bucket, Key: key, ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }) };
    try {
      const { Body } = await this.client.send(new GetObjectCommand(request));
      if (!(Body instanceof Readable)) throw new TypeError(`S3 answered GetObject for ${JSON.stringify(key)} without a Node.js stream body`);
      return Body;
    } catch (error) {
      if (isS3Error(error, 'NoSuchKey')) throw new ObjectNotFoundError(key, { cause: error });
      // S3 already cuts a range running past the end; one starting past it is refused with 416.
      if (isS3Error(error, 'InvalidRange')) throw new RangeError(`The range ${range?.start}-${range?.end} starts past the end of ${JSON.stringify(key)}`, { cause: error });
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertStoragePrefix(prefix);
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }) }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    // Plain code-unit order: S3 lists in UTF-8 byte order, the same for these ASCII keys.
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    // S3 answers 204 for an absent key too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const keys = await this.list(prefix);
    for (let start = 0; start < keys.length; start += maxKeysPerDelete) {
      const batch = keys.slice(start, start + maxKeysPerDelete);
      const { Errors = [] } = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      // DeleteObjects answers 200 even when some keys failed: the failures are only in the body.
      if (Errors.length > 0) {
        const failures = Errors.slice(0, 3).map((failure) => `${failure.Key} (${failure.Code}: ${failure.Message})`);
        throw new Error(`Could not delete ${Errors.length} object(s) under ${JSON.stringify(prefix)}, e.g. ${failures.join(', ')}: deleting the prefix again retries them`);
      }
    }
  }

  /** A time-limited GET URL a browser can download from directly; a name makes it an attachment. */
  async presignedDownloadUrl(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string> {
    assertStorageKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options.downloadName === undefined ? {} : { ResponseContentDisposition: attachmentNamed(options.downloadName) }),
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }
}

function contentTypeOf(key: string, given: string | undefined): string {
  const extension = /\.[^./]+$/.exec(key)?.[0] ?? '';
  return contentTypesByExtension.get(extension) ?? given ?? 'application/octet-stream';
}

// An invalid Range header is ignored by S3, which would then send the whole object: refuse it here.
function assertRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`Invalid byte range ${start}-${end}: expected integers with 0 <= start <= end`);
  }
}

/**
 * RFC 6266 Content-Disposition: an ASCII `filename` for old clients, the exact name in `filename*`.
 * The name is a customer's title: quotes, backslashes and control characters must not break the header.
 */
function attachmentNamed(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
