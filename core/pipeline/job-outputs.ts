import type { MediaConvertJobStateEvent } from '../events/mediaconvert-job-state';
import type { ObjectStorage } from '../storage/object-storage';
import type { RenditionOutput } from '../transcoding/transcode-job.store';

type Detail = MediaConvertJobStateEvent['detail'];

/** The storage key of an `s3://bucket/key` path. */
const keyOf = (s3Path: string) => s3Path.replace(/^s3:\/\/[^/]+\//, '');

/**
 * The renditions a COMPLETE job-state event announces, one per output group entry file: the mp4 of
 * a file group, the master playlist of an HLS group. The preset is the folder the job wrote it in
 * (`videos/<video>/jobs/<job>/<preset>/…`); sizes are read from storage, since events carry none.
 */
export async function outputsOfCompleteJob(detail: Detail, jobId: string, storage: Pick<ObjectStorage, 'stat'>): Promise<RenditionOutput[]> {
  const outputs: RenditionOutput[] = [];
  for (const group of detail.outputGroupDetails ?? []) {
    const entries = group.type === 'HLS_GROUP' ? (group.playlistFilePaths ?? []) : group.outputDetails.flatMap((output) => output.outputFilePaths);
    const pictures = group.outputDetails.flatMap((output) => (output.videoDetails ? [output.videoDetails] : []));
    const largest = pictures.reduce((best, picture) => (picture.widthInPx * picture.heightInPx > best.widthInPx * best.heightInPx ? picture : best), pictures[0] ?? { widthInPx: 0, heightInPx: 0 });
    const durationMs = Math.max(...group.outputDetails.map((output) => output.durationInMs), 0);
    for (const entry of entries) {
      const storageKey = keyOf(entry);
      const preset = new RegExp(`/jobs/${jobId}/([^/]+)/`).exec(storageKey)?.[1];
      const stored = await storage.stat(storageKey);
      if (!preset || !stored) continue;
      const bitrateKbps = durationMs > 0 ? Math.round((stored.sizeBytes * 8) / durationMs) : 0;
      outputs.push({ preset, storageKey, width: largest.widthInPx, height: largest.heightInPx, bitrateKbps, sizeBytes: stored.sizeBytes });
    }
  }
  return outputs;
}
