import { isUuid } from '../validation/uuid';

/** Storage layout of a video: everything under `videos/<id>/`, so deleting a video is one prefix. */
export const videoPrefix = (videoId: string) => `videos/${videoId}/`;

/** Key of the uploaded original. */
export const sourceKeyOf = (videoId: string) => `${videoPrefix(videoId)}source`;

/** Folder of one job's outputs for one preset: a retried or repeated job never overwrites another's files. */
export const jobOutputPrefix = (videoId: string, jobId: string, preset: string) => `${videoPrefix(videoId)}jobs/${jobId}/${preset}/`;

const sourceKeyPattern = /^videos\/([^/]+)\/source$/;

/** The video an uploaded original belongs to; undefined for every other key (derived files must not re-trigger the pipeline). */
export function videoIdOfSourceKey(key: string): string | undefined {
  const videoId = sourceKeyPattern.exec(key)?.[1];
  return videoId !== undefined && isUuid(videoId) ? videoId : undefined;
}
