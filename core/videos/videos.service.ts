import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import * as z from 'zod';
import type { Clock } from '../clock/clock';
import { NotFoundError, UnavailableError, UnsupportedMediaTypeError } from '../errors/app-error';
import { InvalidStorageKeyError } from '../storage/storage.errors';
import type { ByteRange, ObjectStorage } from '../storage/object-storage';
import { parseInput } from '../validation/parse-input';
import { isUuid } from '../validation/uuid';
import { limitBytes } from './byte-limit';
import { readHead } from './read-head';
import { sniffBytes, sniffVideoContainer } from './sniff-container';
import type { Rendition, Video } from './video';
import { toVideoView, type VideoView } from './video-view';
import { sourceKeyOf, videoPrefix } from './video-keys';
import type { VideoStore } from './video.store';
import { encodeCursor, parseListQuery, titleSchema } from './videos.schemas';

/** An uploaded original, stored but not yet registered as a video. */
export interface ReceivedSource {
  readonly videoId: string;
  readonly sourceKey: string;
  readonly sizeBytes: number;
}

/** A stored file a customer may download, whole or by range. */
export interface DownloadableFile {
  readonly sizeBytes: number;
  readonly contentType: string;
  read(range?: ByteRange): Promise<Readable>;
}

export interface VideosServiceDeps {
  store: VideoStore;
  storage: ObjectStorage;
  clock: Clock;
  newId: () => string;
  uploadLimitBytes: number;
  /** Told when a video is deleted, so work in progress for it can stop. */
  onDeleted?: (videoId: string) => void;
}

const notFound = () => new NotFoundError('No such video');

// Files an HLS player fetches below the master playlist: variant playlists and their segments.
const hlsFilePattern = /^([a-z0-9]{1,16})\/(index\.m3u8|segment_\d{1,6}\.ts)$/;

const contentTypeOf = (key: string) =>
  key.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : key.endsWith('.ts') ? 'video/mp2t' : 'video/mp4';

/**
 * The master playlist as served at `…/renditions/hls`: relative URIs resolve against that URL's
 * parent, so the stored `480p/index.m3u8` becomes `hls/480p/index.m3u8` (→ `…/renditions/hls/480p/index.m3u8`).
 */
async function servedMasterPlaylist(stored: DownloadableFile): Promise<DownloadableFile> {
  const text = (await buffer(await stored.read())).toString('utf8');
  const served = Buffer.from(text.replace(/^(?!#)(\S.*)$/gm, 'hls/$1'), 'utf8');
  return {
    sizeBytes: served.length,
    contentType: stored.contentType,
    read: async (range) => Readable.from([range ? served.subarray(range.start, range.end + 1) : served]),
  };
}

// Failures of the storage's disk (full, read-only, broken, a file where a folder belongs): the
// upload was fine, the platform could not keep it. Errors of the source itself pass unchanged.
const storageFaultCodes = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE']);
const isStorageFault = (error: unknown) =>
  error instanceof InvalidStorageKeyError || (error instanceof Error && storageFaultCodes.has(String((error as NodeJS.ErrnoException).code)));

/** Upload, listing, reading and deleting a customer's videos, and downloading their renditions. */
export class VideosService {
  constructor(private readonly deps: VideosServiceDeps) {}

  /**
   * Streams an uploaded file into storage without holding it in memory: sniffs the container
   * from its first bytes (415 for anything but video), enforces the size limit (413) as bytes arrive.
   */
  async receiveSource(file: Readable): Promise<ReceivedSource> {
    const { head, whole } = await readHead(file, sniffBytes);
    if (!(await sniffVideoContainer(head))) {
      throw new UnsupportedMediaTypeError('The file is not a video: upload an MP4, MOV, Matroska, WebM, AVI or MPEG-TS file');
    }
    const videoId = this.deps.newId();
    const sourceKey = sourceKeyOf(videoId);
    try {
      const stored = await this.deps.storage.put(sourceKey, Readable.from(limitBytes(whole, this.deps.uploadLimitBytes)));
      return { videoId, sourceKey, sizeBytes: stored.sizeBytes };
    } catch (error) {
      // Nothing of a refused upload stays behind (a local folder, a partial object).
      await this.deps.storage.deletePrefix(videoPrefix(videoId)).catch(() => undefined);
      if (isStorageFault(error)) throw new UnavailableError('The upload could not be stored: try again later', 30, { cause: error });
      throw error;
    }
  }

  /** Registers a received source as the caller's video; the title defaults to the file name. */
  async createVideo(ownerId: string, source: ReceivedSource, title: string | undefined, fileName: string): Promise<VideoView> {
    const fallback = titleSchema.safeParse(fileName);
    const now = this.deps.clock.now();
    const video: Video = {
      id: source.videoId,
      ownerId,
      title: title === undefined ? (fallback.success ? fallback.data : 'Untitled video') : parseInput(z.object({ title: titleSchema }), { title }).title,
      status: 'uploaded',
      sourceKey: source.sourceKey,
      sourceSizeBytes: source.sizeBytes,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.create(video);
    return toVideoView(video, []);
  }

  /** Removes a received source that will not become a video (the request failed after it was stored). */
  async discardSource(source: ReceivedSource): Promise<void> {
    await this.deps.storage.deletePrefix(videoPrefix(source.videoId));
  }

  /** The caller's videos, newest first, a page at a time. */
  async list(ownerId: string, query: unknown): Promise<{ videos: VideoView[]; nextCursor: string | null }> {
    const { limit, after } = parseListQuery(query);
    // One more than asked tells whether another page exists without a count query.
    const page = await this.deps.store.listOwned(ownerId, limit + 1, after);
    const videos = page.slice(0, limit);
    const renditions = await this.deps.store.renditionsOf(videos.map((video) => video.id));
    const last = videos.at(-1);
    return {
      videos: videos.map((video) => toVideoView(video, renditions.get(video.id) ?? [])),
      nextCursor: page.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async get(ownerId: string, videoId: string): Promise<VideoView> {
    const video = await this.findOwned(ownerId, videoId);
    return toVideoView(video, await this.renditionsOf(video.id));
  }

  /** Deletes the video, its files, renditions, jobs and metadata. */
  async delete(ownerId: string, videoId: string): Promise<void> {
    const video = await this.findOwned(ownerId, videoId);
    await this.deps.store.delete(video.id);
    this.deps.onDeleted?.(video.id);
    await this.deps.storage.deletePrefix(videoPrefix(video.id));
  }

  /** A ready rendition's file: the mp4, or the HLS master playlist. */
  async openRendition(ownerId: string, videoId: string, preset: string): Promise<DownloadableFile> {
    const rendition = await this.readyRendition(ownerId, videoId, preset);
    const file = await this.openFile(rendition.storageKey!);
    return preset === 'hls' ? servedMasterPlaylist(file) : file;
  }

  /** A variant playlist or segment of a ready HLS rendition, under the same authorization as the master. */
  async openHlsFile(ownerId: string, videoId: string, path: string): Promise<DownloadableFile> {
    if (!hlsFilePattern.test(path)) throw new NotFoundError('No such HLS file');
    const master = (await this.readyRendition(ownerId, videoId, 'hls')).storageKey!;
    return this.openFile(`${master.slice(0, master.lastIndexOf('/') + 1)}${path}`);
  }

  /** The video if it exists and the caller owns it; another user's video is "not found", never "forbidden". */
  async findOwned(ownerId: string, videoId: string): Promise<Video> {
    if (!isUuid(videoId)) throw notFound();
    const video = await this.deps.store.findById(videoId);
    if (!video || video.ownerId !== ownerId) throw notFound();
    return video;
  }

  private async renditionsOf(videoId: string): Promise<Rendition[]> {
    return (await this.deps.store.renditionsOf([videoId])).get(videoId) ?? [];
  }

  private async readyRendition(ownerId: string, videoId: string, preset: string): Promise<Rendition> {
    const video = await this.findOwned(ownerId, videoId);
    const rendition = (await this.renditionsOf(video.id)).find((candidate) => candidate.preset === preset);
    if (!rendition || rendition.status !== 'ready' || !rendition.storageKey) {
      throw new NotFoundError(`No ready rendition "${preset}" for this video`);
    }
    return rendition;
  }

  private async openFile(key: string): Promise<DownloadableFile> {
    const stored = await this.deps.storage.stat(key);
    if (!stored) throw new NotFoundError('The file is no longer stored');
    const { storage } = this.deps;
    return { sizeBytes: stored.sizeBytes, contentType: contentTypeOf(key), read: (range) => storage.read(key, range) };
  }
}
