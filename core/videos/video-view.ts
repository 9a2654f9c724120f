import { presetIds } from '../transcoding/presets';
import type { Failure, Rendition, RenditionStatus, Video, VideoStatus } from './video';

/** The Rendition object of the legacy API. */
export interface RenditionView {
  preset: string;
  status: RenditionStatus;
  url: string | null;
  width: number | null;
  height: number | null;
  bitrateKbps: number | null;
  sizeBytes: number | null;
}

/** The Video object of the legacy API. */
export interface VideoView {
  id: string;
  ownerId: string;
  title: string;
  status: VideoStatus;
  sourceSizeBytes: number;
  createdAt: string;
  updatedAt: string;
  renditions: RenditionView[];
  error: Failure | null;
}

/** The API path a ready rendition is downloaded from. */
export function renditionUrl(videoId: string, preset: string): string {
  return `/api/videos/${videoId}/renditions/${preset}`;
}

function toRenditionView(rendition: Rendition): RenditionView {
  const ready = rendition.status === 'ready';
  return {
    preset: rendition.preset,
    status: rendition.status,
    url: ready ? renditionUrl(rendition.videoId, rendition.preset) : null,
    width: ready ? rendition.width : null,
    height: ready ? rendition.height : null,
    bitrateKbps: ready ? rendition.bitrateKbps : null,
    sizeBytes: ready ? rendition.sizeBytes : null,
  };
}

const presetOrder = (rendition: Rendition) => presetIds.indexOf(rendition.preset);

/** Projects a stored video and its renditions onto the legacy API's Video shape (renditions in ladder order). */
export function toVideoView(video: Video, renditions: readonly Rendition[]): VideoView {
  return {
    id: video.id,
    ownerId: video.ownerId,
    title: video.title,
    status: video.status,
    sourceSizeBytes: video.sourceSizeBytes,
    createdAt: video.createdAt.toISOString(),
    updatedAt: video.updatedAt.toISOString(),
    renditions: [...renditions].sort((a, b) => presetOrder(a) - presetOrder(b)).map(toRenditionView),
    error: video.error,
  };
}
