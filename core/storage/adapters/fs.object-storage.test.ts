import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidStorageKeyError, ObjectNotFoundError } from '../storage.errors';
import { FsObjectStorage, type StorageObjectCreated } from './fs.object-storage';

let workDir: string;
let rootDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'fs-object-storage-'));
  rootDir = path.join(workDir, 'root');
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const readAll = async (storage: FsObjectStorage, key: string, range?: { start: number; end: number }) =>
  (await buffer(await storage.read(key, range))).toString();

/** Every file under a folder, temp files included, relative to it. */
const filesUnder = async (dir: string) => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();

/** A logger that keeps its lines, to assert on what was reported. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('FsObjectStorage', () => {
  it('stores an object and reads it back, whole and as a file', async () => {
    const storage = new FsObjectStorage({ rootDir });

    const stored = await storage.put('videos/v1/source', Buffer.from('hello world'));

    expect(stored).toEqual({ key: 'videos/v1/source', sizeBytes: 11 });
    expect(await storage.stat('videos/v1/source')).toEqual({ key: 'videos/v1/source', sizeBytes: 11 });
    expect(await readAll(storage, 'videos/v1/source')).toBe('hello world');
    expect(storage.filePath('videos/v1/source')).toBe(path.join(rootDir, 'videos', 'v1', 'source'));
    expect(await readFile(storage.filePath('videos/v1/source'), 'utf8')).toBe('hello world');
  });

  it('stores a stream chunk by chunk and replaces an existing object', async () => {
    const storage = new FsObjectStorage({ rootDir });
    await storage.put('a/b', Buffer.from('old content'));

    const stored = await storage.put('a/b', Readable.from([Buffer.from('new '), Buffer.from('content'), Buffer.from('!')]));

    expect(stored.sizeBytes).toBe(12);
    expect(await readAll(storage, 'a/b')).toBe('new content!');
  });

  it('stores an empty object', async () => {
    const storage = new FsObjectStorage({ rootDir });
    await storage.put('empty', Buffer.alloc(0));
    expect(await storage.stat('empty')).toEqual({ key: 'empty', sizeBytes: 0 });
    expect(await readAll(storage, 'empty')).toBe('');
  });

  describe('byte ranges', () => {
    const storage = () => new FsObjectStorage({ rootDir });
    beforeEach(async () => {
      await storage().put('digits', Buffer.from('0123456789'));
    });

    it('reads inclusive ranges', async () => {
      expect(await readAll(storage(), 'digits', { start: 0, end: 3 })).toBe('0123');
      expect(await readAll(storage(), 'digits', { start: 5, end: 5 })).toBe('5');
      expect(await readAll(storage(), 'digits', { start: 7, end: 9 })).toBe('789');
    });

    it('cuts a range that runs past the end to the object, as S3 and HTTP do', async () => {
      expect(await readAll(storage(), 'digits', { start: 8, end: 1_000 })).toBe('89');
    });

    it('refuses a range that starts past the end', async () => {
      await expect(storage().read('digits', { start: 10, end: 20 })).rejects.toThrow(RangeError);
      await expect(storage().read('digits', { start: 10, end: 20 })).rejects.toThrow(/starts past the end.*10 bytes/);
    });

    it('refuses a range that is not one', async () => {
      for (const range of [{ start: 5, end: 4 }, { start: -1, end: 4 }, { start: 0.5, end: 4 }, { start: 0, end: Number.NaN }]) {
        await expect(storage().read('digits', range)).rejects.toThrow(RangeError);
      }
    });
  });

  it('reports a missing object as absent: stat undefined, read ObjectNotFoundError', async () => {
    const storage = new FsObjectStorage({ rootDir });
    await storage.put('videos/v1/source', Buffer.from('x'));

    expect(await storage.stat('videos/v2/source')).toBeUndefined();
    // "videos/v1/source" is a file, so nothing can exist beneath it.
    expect(await storage.stat('videos/v1/source/more')).toBeUndefined();
    // A folder is not an object.
    expect(await storage.stat('videos/v1')).toBeUndefined();
    await expect(storage.read('videos/v2/source')).rejects.toThrow(ObjectNotFoundError);
    await expect(storage.read('videos/v1')).rejects.toThrow(expect.objectContaining({ code: 'object_not_found', key: 'videos/v1' }));
    await expect(storage.read('videos/v1/source/more')).rejects.toThrow(ObjectNotFoundError);
  });

  describe('list', () => {
    it('lists every key under a prefix, recursively and sorted', async () => {
      const storage = new FsObjectStorage({ rootDir });
      for (const key of ['videos/b/source', 'videos/a/jobs/j1/720p/index.m3u8', 'videos/a/source', 'videos/a/jobs/j1/720p/seg-0.ts', 'other/x', 'videos-old/y']) {
        await storage.put(key, Buffer.from(key));
      }

      expect(await storage.list('videos/')).toEqual(['videos/a/jobs/j1/720p/index.m3u8', 'videos/a/jobs/j1/720p/seg-0.ts', 'videos/a/source', 'videos/b/source']);
      expect(await storage.list('videos/a/jobs/')).toEqual(['videos/a/jobs/j1/720p/index.m3u8', 'videos/a/jobs/j1/720p/seg-0.ts']);
    });

    it('treats a prefix without a trailing slash as a string prefix, as S3 does', async () => {
      const storage = new FsObjectStorage({ rootDir });
      for (const key of ['videos/abc/source', 'videos/abd', 'videos/b/source', 'videos-old/y']) await storage.put(key, Buffer.from('x'));

      expect(await storage.list('videos/ab')).toEqual(['videos/abc/source', 'videos/abd']);
      expect(await storage.list('videos')).toEqual(['videos-old/y', 'videos/abc/source', 'videos/abd', 'videos/b/source']);
    });

    it('lists nothing under a prefix that has no objects', async () => {
      const storage = new FsObjectStorage({ rootDir });
      expect(await storage.list('videos/')).toEqual([]);
    });

    it('never lists temp files', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('videos/a/source', Buffer.from('x'));
      await writeFile(path.join(rootDir, 'videos', 'a', '.tmp-left-by-a-crash'), 'partial');

      expect(await storage.list('videos/')).toEqual(['videos/a/source']);
    });
  });

  describe('atomic puts', () => {
    it('leaves nothing behind when the source stream fails', async () => {
      const storage = new FsObjectStorage({ rootDir });
      const source = new PassThrough();
      const put = storage.put('videos/v1/source', source);
      source.write('the first half');
      await vi.waitFor(async () => expect(await filesUnder(path.join(rootDir, 'videos', 'v1'))).toHaveLength(1));

      source.destroy(new Error('client went away'));

      await expect(put).rejects.toThrow('client went away');
      expect(await filesUnder(rootDir)).toEqual([]);
      expect(await storage.stat('videos/v1/source')).toBeUndefined();
    });

    it('leaves nothing behind when the source stream is aborted', async () => {
      const storage = new FsObjectStorage({ rootDir });
      const source = new PassThrough();
      const put = storage.put('videos/v1/source', source);
      source.write('some bytes');

      source.destroy();

      await expect(put).rejects.toThrow();
      expect(await filesUnder(rootDir)).toEqual([]);
    });

    it('leaves nothing behind when the source fails before the temp file is even open', async () => {
      const storage = new FsObjectStorage({ rootDir });
      // The race is timing-dependent (about 1 in 300 runs lost a temp file): many tries make it show.
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const failingAtOnce = new Readable({ read() { this.destroy(new Error('no bytes at all')); } });
        await expect(storage.put('videos/v1/source', failingAtOnce)).rejects.toThrow('no bytes at all');
      }

      expect(await filesUnder(rootDir)).toEqual([]);
    });

    it('keeps a failed replacement from touching the object it would replace', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a/b', Buffer.from('version 1'));
      async function* failing() {
        yield Buffer.from('version 2, half');
        throw new Error('upload too large');
      }

      await expect(storage.put('a/b', Readable.from(failing()))).rejects.toThrow('upload too large');

      expect(await readAll(storage, 'a/b')).toBe('version 1');
      expect(await filesUnder(rootDir)).toEqual([path.join('a', 'b')]);
    });

    it('shows concurrent readers no partial object while a put is streaming', async () => {
      const storage = new FsObjectStorage({ rootDir });
      const source = new PassThrough();
      const put = storage.put('videos/v1/source', source);
      source.write('the first half, ');
      // The bytes are on disk, in the temp file.
      await vi.waitFor(async () => expect(await filesUnder(path.join(rootDir, 'videos', 'v1'))).toEqual([expect.stringMatching(/^\.tmp-/)]));

      expect(await storage.stat('videos/v1/source')).toBeUndefined();
      expect(await storage.list('videos/')).toEqual([]);
      await expect(storage.read('videos/v1/source')).rejects.toThrow(ObjectNotFoundError);

      source.end('the second half');
      await put;

      expect(await storage.stat('videos/v1/source')).toEqual({ key: 'videos/v1/source', sizeBytes: 31 });
      expect(await readAll(storage, 'videos/v1/source')).toBe('the first half, the second half');
    });

    it('keeps serving the previous version whole while its replacement is streaming', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a/b', Buffer.from('version 1'));
      const source = new PassThrough();
      const put = storage.put('a/b', source);
      source.write('version 2 begins');
      await vi.waitFor(async () => expect(await filesUnder(path.join(rootDir, 'a'))).toHaveLength(2));
      const readerOfVersion1 = await storage.read('a/b');

      expect(await storage.stat('a/b')).toEqual({ key: 'a/b', sizeBytes: 9 });
      source.end(' and ends');
      await put;

      // A reader that opened before the rename still reads the version it opened.
      expect((await buffer(readerOfVersion1)).toString()).toBe('version 1');
      expect(await readAll(storage, 'a/b')).toBe('version 2 begins and ends');
    });
  });

  describe('delete', () => {
    it('removes one object and accepts absent ones', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a/b', Buffer.from('x'));
      await storage.put('a/c', Buffer.from('x'));

      await storage.delete('a/b');
      await storage.delete('a/b');
      await storage.delete('never/stored');

      expect(await storage.list('a/')).toEqual(['a/c']);
    });

    it('deletes nothing when the key names a folder', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a/b/c', Buffer.from('x'));

      await storage.delete('a/b');

      expect(await storage.list('a/')).toEqual(['a/b/c']);
    });
  });

  describe('deletePrefix', () => {
    it('removes a whole folder, temp files of puts in progress included', async () => {
      const storage = new FsObjectStorage({ rootDir });
      for (const key of ['videos/v1/source', 'videos/v1/jobs/j1/720p/out.mp4', 'videos/v10/source', 'videos/v2/source']) await storage.put(key, Buffer.from('x'));
      await writeFile(path.join(rootDir, 'videos', 'v1', '.tmp-in-progress'), 'partial');

      await storage.deletePrefix('videos/v1/');

      expect(await storage.list('videos/')).toEqual(['videos/v10/source', 'videos/v2/source']);
      expect(await filesUnder(path.join(rootDir, 'videos'))).toEqual([path.join('v10', 'source'), path.join('v2', 'source')]);
    });

    it('removes the keys that start with a prefix that is not a folder', async () => {
      const storage = new FsObjectStorage({ rootDir });
      for (const key of ['videos/v1/source', 'videos/v10/source', 'videos/v2/source']) await storage.put(key, Buffer.from('x'));

      await storage.deletePrefix('videos/v1');

      expect(await storage.list('videos/')).toEqual(['videos/v2/source']);
    });

    it('keeps the object "a" when deleting the folder "a/"', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a', Buffer.from('x'));

      await storage.deletePrefix('a/');
      await storage.deletePrefix('nothing/here/');

      expect(await storage.stat('a')).toEqual({ key: 'a', sizeBytes: 1 });
    });
  });

  describe('ObjectCreated notifications', () => {
    it('tells the listener what S3 would: bucket, key, size, md5 eTag and time', async () => {
      const received: StorageObjectCreated[] = [];
      const time = new Date('2024-05-06T07:08:09.123Z');
      const storage = new FsObjectStorage({ rootDir, bucket: 'videos-bucket', clock: { now: () => time }, onObjectCreated: (record) => void received.push(record) });
      const content = Buffer.from('a video, or close enough');

      await storage.put('videos/v1/source', Readable.from([content.subarray(0, 5), content.subarray(5)]));

      expect(received).toEqual([
        { bucket: 'videos-bucket', key: 'videos/v1/source', sizeBytes: content.length, eTag: createHash('md5').update(content).digest('hex'), time },
      ]);
    });

    it('notifies only once the object is visible, and never for a failed put', async () => {
      const seen: Array<number | undefined> = [];
      const storage: FsObjectStorage = new FsObjectStorage({
        rootDir,
        onObjectCreated: async (record) => void seen.push((await storage.stat(record.key))?.sizeBytes),
      });
      await expect(storage.put('a', Readable.from((async function* () { yield Buffer.from('x'); throw new Error('boom'); })()))).rejects.toThrow('boom');

      await storage.put('a', Buffer.from('xyz'));

      await vi.waitFor(() => expect(seen).toEqual([3]));
    });

    it('keeps the put successful when the listener throws or rejects, and logs the failure', async () => {
      const { logger, lines } = capturingLogger();
      const throwing = new FsObjectStorage({ rootDir, logger, onObjectCreated: () => { throw new Error('listener broke'); } });
      const rejecting = new FsObjectStorage({ rootDir, logger, onObjectCreated: () => Promise.reject(new Error('bus closed')) });

      await expect(throwing.put('a', Buffer.from('x'))).resolves.toEqual({ key: 'a', sizeBytes: 1 });
      await expect(rejecting.put('b', Buffer.from('y'))).resolves.toEqual({ key: 'b', sizeBytes: 1 });

      await vi.waitFor(() => expect(lines).toHaveLength(2));
      expect(lines).toEqual(expect.arrayContaining([
        expect.objectContaining({ level: 50, key: 'a', bucket: 'local', err: expect.objectContaining({ message: 'listener broke' }) }),
        expect.objectContaining({ level: 50, key: 'b', err: expect.objectContaining({ message: 'bus closed' }) }),
      ]));
    });

    it('does not wait for the listener, as S3 does not wait for its notifications', async () => {
      const listener = vi.fn(() => new Promise<void>(() => {}));
      const storage = new FsObjectStorage({ rootDir, onObjectCreated: listener });

      await storage.put('a', Buffer.from('x'));

      expect(listener).toHaveBeenCalledTimes(1);
    });
  });

  describe('key safety', () => {
    const evilKeys = ['../escaped', 'a/../../escaped', '/etc/passwd', 'a//b', 'a\\..\\..\\escaped', '%2e%2e/escaped', ''];

    it.each(evilKeys)('refuses %j in every method, touching nothing outside the root', async (key) => {
      const storage = new FsObjectStorage({ rootDir });
      await mkdir(rootDir, { recursive: true });

      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.read(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.stat(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.list(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.deletePrefix(key)).rejects.toThrow(InvalidStorageKeyError);
      expect(() => storage.filePath(key)).toThrow(InvalidStorageKeyError);
      expect(await filesUnder(workDir)).toEqual([]);
    });

    it('refuses keys that would address a temp file', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await expect(storage.put('videos/.tmp-x', Buffer.from('x'))).rejects.toThrow(/reserved/);
      expect(() => storage.filePath('.tmp-abc/source')).toThrow(InvalidStorageKeyError);
    });

    it('refuses, saying why, a key whose path an object or a folder already takes', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('a', Buffer.from('x'));
      await storage.put('c/d', Buffer.from('y'));

      await expect(storage.put('a/b', Buffer.from('z'))).rejects.toThrow(/object and a folder would share a path/);
      await expect(storage.put('c', Buffer.from('z'))).rejects.toThrow(InvalidStorageKeyError);

      expect(await filesUnder(rootDir)).toEqual(['a', path.join('c', 'd')]);
    });

    it('stores names that merely start with dots inside the root', async () => {
      const storage = new FsObjectStorage({ rootDir });
      await storage.put('..foo', Buffer.from('x'));
      expect(await filesUnder(workDir)).toEqual([path.join('root', '..foo')]);
    });
  });
});
