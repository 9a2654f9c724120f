import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock, type Clock } from '../../clock/clock';
import type { Logger } from '../../logging/create-logger';
import type { ByteRange, ObjectStorage, StoredObject } from '../object-storage';
import { assertStorageKey, assertStoragePrefix } from '../storage-key';
import { InvalidStorageKeyError, ObjectNotFoundError } from '../storage.errors';

/** What the local stand-in for S3 announces once an object is complete: the facts of an S3 ObjectCreated record. */
export interface StorageObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly sizeBytes: number;
  /** MD5 of the content in hex, as S3 reports it for a single-part upload. */
  readonly eTag: string;
  readonly time: Date;
}

interface FsObjectStorageOptions {
  readonly rootDir: string;
  /** The bucket name the notifications carry. */
  readonly bucket?: string;
  /** Called once per completed put, like an S3 ObjectCreated notification: started, never awaited. */
  readonly onObjectCreated?: (record: StorageObjectCreated) => void | Promise<void>;
  /** Where listener failures go; silent without one. */
  readonly logger?: Logger;
  readonly clock?: Clock;
}

// Uploads in progress live beside their target under this prefix: never listed, never addressable.
const tempPrefix = '.tmp-';

const errorCode = (error: unknown) => (error instanceof Error && 'code' in error ? error.code : undefined);
// ENOTDIR: a parent of the path is a file (object "a" exists, "a/b" is asked for): no such object.
const isAbsent = (error: unknown) => errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';

/** Objects as files under `rootDir/<key>`, written atomically, with S3-shaped creation notices. */
export class FsObjectStorage implements ObjectStorage {
  private readonly rootDir: string;
  private readonly bucket: string;
  private readonly onObjectCreated: FsObjectStorageOptions['onObjectCreated'];
  private readonly logger: Logger | undefined;
  private readonly clock: Clock;

  constructor(options: FsObjectStorageOptions) {
    this.rootDir = path.resolve(options.rootDir);
    this.bucket = options.bucket ?? 'local';
    this.onObjectCreated = options.onObjectCreated;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
  }

  // The content type is not kept: files have no metadata, and nothing here reads it back.
  async put(key: string, body: Readable | Buffer): Promise<StoredObject> {
    const target = this.filePath(key);
    await mkdir(path.dirname(target), { recursive: true }).catch((error: unknown) => {
      throw explainPathClash(key, error);
    });
    const temp = path.join(path.dirname(target), `${tempPrefix}${randomUUID()}`);
    const md5 = createHash('md5');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    // flush: fsync before close, so the rename never publishes bytes that are only in the page cache.
    const file = createWriteStream(temp, { flags: 'wx', flush: true });
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, measure, file);
      await rename(temp, target);
    } catch (error) {
      // A source failing at once can beat the file's asynchronous open: wait for the file to close,
      // or it would be created after the rm below and stay behind.
      if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
      await rm(temp, { force: true });
      throw explainPathClash(key, error);
    }
    this.announce({ bucket: this.bucket, key, sizeBytes, eTag: md5.digest('hex'), time: this.clock.now() });
    return { key, sizeBytes };
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const file = this.filePath(key);
    try {
      const stats = await stat(file);
      return stats.isFile() ? { key, sizeBytes: stats.size } : undefined;
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.filePath(key);
    if (range !== undefined) assertRange(range);
    // Open first and size the open file: a put renaming a new version into place meanwhile cannot
    // mix two versions in one read.
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw isAbsent(error) ? new ObjectNotFoundError(key, { cause: error }) : error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new ObjectNotFoundError(key);
      if (range === undefined) return handle.createReadStream();
      const size = stats.size;
      if (range.start >= size) {
        throw new RangeError(`The range ${range.start}-${range.end} starts past the end of ${JSON.stringify(key)} (${size} bytes)`);
      }
      return handle.createReadStream({ start: range.start, end: Math.min(range.end, size - 1) });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertStoragePrefix(prefix);
    const keys: string[] = [];
    // Walk from the deepest folder the prefix names in full; the rest of the prefix filters names.
    await this.collect(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix, keys);
    // Plain code-unit order: S3 lists in UTF-8 byte order, the same for these ASCII keys.
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const file = this.filePath(key);
    try {
      await unlink(file);
    } catch (error) {
      // A folder is not an object: deleting a key that names one deletes nothing, as in S3.
      if (!isAbsent(error) && errorCode(error) !== 'EISDIR') throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertStoragePrefix(prefix);
    if (!prefix.endsWith('/')) {
      for (const key of await this.list(prefix)) await this.delete(key);
      return;
    }
    const folder = this.resolveInside(prefix);
    // rm -r on a file would delete the object "a" for the prefix "a/": only folders go this way.
    const isFolder = await stat(folder).then((stats) => stats.isDirectory(), (error: unknown) => {
      if (isAbsent(error)) return false;
      throw error;
    });
    if (isFolder) await rm(folder, { recursive: true, force: true });
  }

  /** The local file behind a key, for tools that need a path (ffmpeg, ffprobe); read it, never write it. */
  filePath(key: string): string {
    assertStorageKey(key);
    if (key.split('/').some((segment) => segment.startsWith(tempPrefix))) {
      throw new InvalidStorageKeyError(key, `segments starting with '${tempPrefix}' are reserved for uploads in progress`);
    }
    return this.resolveInside(key);
  }

  private async collect(folder: string, prefix: string, keys: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.resolveInside(folder), { withFileTypes: true });
    } catch (error) {
      if (isAbsent(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(tempPrefix)) continue;
      const key = folder + entry.name;
      if (entry.isDirectory() && `${key}/`.startsWith(prefix)) await this.collect(`${key}/`, prefix, keys);
      else if (entry.isFile() && key.startsWith(prefix)) keys.push(key);
    }
  }

  // Validation already refuses every traversal; this second check is defence in depth, so that a
  // future change to the key rules cannot turn into reading or deleting outside the root.
  private resolveInside(relative: string): string {
    const resolved = path.resolve(this.rootDir, relative);
    const fromRoot = path.relative(this.rootDir, resolved);
    if (fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot)) {
      throw new InvalidStorageKeyError(relative, 'it resolves outside the storage root');
    }
    return resolved;
  }

  // S3 sends notifications asynchronously and apart from the upload: a put succeeds whatever the
  // listener does. So the listener is started before put resolves but never awaited, and its
  // failure (thrown or rejected) is logged, not passed to the uploader.
  private announce(record: StorageObjectCreated): void {
    const listener = this.onObjectCreated;
    if (listener === undefined) return;
    void new Promise<void>((resolve) => resolve(listener(record))).catch((error: unknown) => {
      this.logger?.error({ err: error, bucket: record.bucket, key: record.key }, 'ObjectCreated listener failed: the object is stored, its notification is lost');
    });
  }
}

// S3 holds "a" and "a/b" side by side; a filesystem cannot have "a" as both file and folder.
function explainPathClash(key: string, error: unknown): unknown {
  const code = errorCode(error);
  if (code !== 'EEXIST' && code !== 'ENOTDIR' && code !== 'EISDIR') return error;
  return new InvalidStorageKeyError(key, 'an object and a folder would share a path (like "a" and "a/b"), which S3 allows but the filesystem storage cannot hold', { cause: error });
}

function assertRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`Invalid byte range ${start}-${end}: expected integers with 0 <= start <= end`);
  }
}
