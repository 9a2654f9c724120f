import { toJobStateEvent, type MediaConvertJobStateEvent, type OutputGroupDetail } from '../events/mediaconvert-job-state';
import type { JobStateChange } from '../transcoding/job-state-change';
import type { Failure } from '../videos/video';

// MediaConvert reports errors as numbers; the platform's failures travel as these (1010 is
// MediaConvert's own "unable to open input"), and come back as the same readable codes.
const errorNumbers: Record<string, number> = { media_unreadable: 1010, transcode_failed: 1040, too_many_attempts: 1550, internal: 1999 };

/** The readable failure code of a MediaConvert error number. */
export function failureCodeOf(errorCode: number | undefined): string {
  return Object.entries(errorNumbers).find(([, number]) => number === errorCode)?.[0] ?? 'transcode_failed';
}

/** Turns a worker's report into the event MediaConvert would have sent through EventBridge. */
export function toMediaConvertEvent(change: JobStateChange, bucket: string): MediaConvertJobStateEvent {
  const base = { jobId: change.jobId, status: change.status, time: change.at, userMetadata: { videoId: change.videoId, jobId: change.jobId } };
  if (change.status === 'COMPLETE') {
    const outputGroupDetails = change.outputs.map((output): OutputGroupDetail => {
      const path = `s3://${bucket}/${output.storageKey}`;
      const outputDetails = [{ outputFilePaths: [path], durationInMs: change.durationMs, videoDetails: { widthInPx: output.width, heightInPx: output.height } }];
      return output.storageKey.endsWith('.m3u8') ? { type: 'HLS_GROUP', playlistFilePaths: [path], outputDetails } : { type: 'FILE_GROUP', outputDetails };
    });
    return toJobStateEvent({ ...base, outputGroupDetails });
  }
  if (change.status === 'ERROR') return toJobStateEvent({ ...base, ...toErrorFields(change.error) });
  return toJobStateEvent(base);
}

function toErrorFields(error: Failure): { errorCode: number; errorMessage: string } {
  return { errorCode: errorNumbers[error.code] ?? errorNumbers.transcode_failed!, errorMessage: error.message };
}
