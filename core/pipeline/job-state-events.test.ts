import { describe, expect, it } from 'vitest';
import { readJobStateEvent } from '../events/mediaconvert-job-state';
import type { JobStateChange } from '../transcoding/job-state-change';
import { anOutput } from '../transcoding/transcoding-test-kit';
import { failureCodeOf, toMediaConvertEvent } from './job-state-events';

const videoId = '5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41';
const jobId = '0f6e1d7a-3c2b-4a90-8e5f-2b7c9d1a4e63';
const at = new Date('2026-11-23T10:00:07.345Z');

describe('toMediaConvertEvent', () => {
  it('turns COMPLETE into a FILE_GROUP per mp4 and an HLS_GROUP for the playlist, with s3:// paths and the ids as userMetadata', () => {
    const change: JobStateChange = {
      status: 'COMPLETE',
      jobId,
      videoId,
      at,
      durationMs: 12_480,
      outputs: [anOutput(videoId, jobId, '720p', { width: 1280, height: 720 }), anOutput(videoId, jobId, 'hls', { width: 1280, height: 720 })],
    };

    const event = toMediaConvertEvent(change, 'videos-bucket');

    const mp4 = `s3://videos-bucket/videos/${videoId}/jobs/${jobId}/720p/720p.mp4`;
    const playlist = `s3://videos-bucket/videos/${videoId}/jobs/${jobId}/hls/master.m3u8`;
    expect(event).toMatchObject({
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      time: '2026-11-23T10:00:07Z',
      resources: [`arn:aws:mediaconvert:us-east-1:000000000000:jobs/${jobId}`],
      detail: { status: 'COMPLETE', jobId, timestamp: at.getTime(), userMetadata: { videoId, jobId } },
    });
    expect(event.detail.outputGroupDetails).toEqual([
      { type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: [mp4], durationInMs: 12_480, videoDetails: { widthInPx: 1280, heightInPx: 720 } }] },
      {
        type: 'HLS_GROUP',
        playlistFilePaths: [playlist],
        outputDetails: [{ outputFilePaths: [playlist], durationInMs: 12_480, videoDetails: { widthInPx: 1280, heightInPx: 720 } }],
      },
    ]);
    expect(event.detail).not.toHaveProperty('errorCode');
  });

  it('makes events the pipeline reads back as they were sent', () => {
    const changes: JobStateChange[] = [
      { status: 'PROGRESSING', jobId, videoId, at },
      { status: 'COMPLETE', jobId, videoId, at, durationMs: 2_000, outputs: [anOutput(videoId, jobId, '480p')] },
      { status: 'ERROR', jobId, videoId, at, error: { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' } },
    ];

    for (const change of changes) {
      const event = toMediaConvertEvent(change, 'local');

      expect(readJobStateEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  it('sends PROGRESSING with neither outputs nor an error', () => {
    const event = toMediaConvertEvent({ status: 'PROGRESSING', jobId, videoId, at }, 'local');

    expect(event.detail).toMatchObject({ status: 'PROGRESSING', userMetadata: { videoId, jobId } });
    expect(event.detail).not.toHaveProperty('outputGroupDetails');
    expect(event.detail).not.toHaveProperty('errorCode');
  });

  it.each([
    { code: 'media_unreadable', number: 1010 },
    { code: 'transcode_failed', number: 1040 },
    { code: 'too_many_attempts', number: 1550 },
    { code: 'internal', number: 1999 },
  ])('sends the failure $code as MediaConvert error $number, which reads back as $code', ({ code, number }) => {
    const error = { code, message: 'what went wrong, for a person' };

    const event = toMediaConvertEvent({ status: 'ERROR', jobId, videoId, at, error }, 'local');

    expect(event.detail).toMatchObject({ status: 'ERROR', errorCode: number, errorMessage: 'what went wrong, for a person', userMetadata: { videoId, jobId } });
    expect(failureCodeOf(event.detail.errorCode)).toBe(code);
  });

  it('sends a failure code it has no number for as transcode_failed', () => {
    const event = toMediaConvertEvent({ status: 'ERROR', jobId, videoId, at, error: { code: 'disk_full', message: 'No space left' } }, 'local');

    expect(event.detail.errorCode).toBe(1040);
    expect(failureCodeOf(event.detail.errorCode)).toBe('transcode_failed');
  });
});

describe('failureCodeOf', () => {
  it.each([{ errorCode: 1030 }, { errorCode: 3450 }, { errorCode: undefined }])('reads MediaConvert error $errorCode as transcode_failed', ({ errorCode }) => {
    expect(failureCodeOf(errorCode)).toBe('transcode_failed');
  });
});
