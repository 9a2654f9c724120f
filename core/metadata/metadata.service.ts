import type { Clock } from '../clock/clock';
import { NotFoundError, NotReadyError } from '../errors/app-error';
import type { MediaProbe } from '../media/media-info';
import { isUuid } from '../validation/uuid';
import type { VideoStore } from '../videos/video.store';
import { toMetadataView, type MetadataView, type VideoMetadata } from './metadata';
import type { MetadataStore } from './metadata.store';

export interface MetadataServiceDeps {
  store: MetadataStore;
  videos: VideoStore;
  probe: MediaProbe;
  /** The local file of a stored object: ffprobe reads files. */
  localPathOf: (key: string) => string;
  clock: Clock;
}

/** Extracting a video's technical metadata with ffprobe, and reading it back. */
export class MetadataService {
  constructor(private readonly deps: MetadataServiceDeps) {}

  /** Probes a video's original and stores the result; undefined when the video no longer exists. */
  async extract(videoId: string): Promise<VideoMetadata | undefined> {
    const video = await this.deps.videos.findById(videoId);
    if (!video) return undefined;
    const info = await this.deps.probe.probe(this.deps.localPathOf(video.sourceKey));
    const metadata: VideoMetadata = { ...info, videoId, extractedAt: this.deps.clock.now() };
    return (await this.deps.store.save(metadata)) ? metadata : undefined;
  }

  /** The caller's video's metadata; 409 not_ready until it has been extracted. */
  async get(ownerId: string, videoId: string): Promise<MetadataView> {
    const video = isUuid(videoId) ? await this.deps.videos.findById(videoId) : undefined;
    if (!video || video.ownerId !== ownerId) throw new NotFoundError('No such video');
    const metadata = await this.deps.store.findByVideoId(videoId);
    if (!metadata) throw new NotReadyError('The metadata of this video has not been extracted yet: try again once it is ready');
    return toMetadataView(metadata);
  }
}
