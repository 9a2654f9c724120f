import { describe, expect, it } from 'vitest';
import { MalformedEventError } from './event.errors';
import { readJobStateEvent, toJobStateEvent } from './mediaconvert-job-state';

const time = new Date('2024-05-06T07:08:09.123Z');
const userMetadata = { videoId: '6f1c2a9e-2f4b-4c1d-9a7e-0b5d3c2e1f00', jobId: 'job-1' };

// Hand-written from the MediaConvert user guide ("EventBridge events": COMPLETE example), extra
// fields included: they must be tolerated.
const awsCompleteSample = {
  version: '0',
  id: '1234abcd-12ab-34cd-56ef-1234567890ab',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '111122223333',
  time: '2022-12-19T19:07:12Z',
  region: 'us-west-2',
  resources: ['arn:aws:mediaconvert:us-west-2::jobs/1671476818694-phptj0'],
  detail: {
    timestamp: 1671476832124,
    accountId: '111122223333',
    queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
    jobId: '1671476818694-phptj0',
    status: 'COMPLETE',
    userMetadata: { videoId: 'v1' },
    warnings: [{ code: 230001, count: 1 }],
    outputGroupDetails: [
      {
        outputDetails: [
          {
            outputFilePaths: ['s3://DOC-EXAMPLE-BUCKET/file/file.mp4'],
            durationInMs: 30041,
            videoDetails: { widthInPx: 1920, heightInPx: 1080, averageBitrate: 6872575, qvbrAvgQuality: 7.38 },
          },
        ],
        type: 'FILE_GROUP',
      },
      {
        outputDetails: [{ outputFilePaths: ['s3://DOC-EXAMPLE-BUCKET/hls/file_720.m3u8'], durationInMs: 30041, videoDetails: { widthInPx: 1280, heightInPx: 720 } }],
        playlistFilePaths: ['s3://DOC-EXAMPLE-BUCKET/hls/file.m3u8'],
        type: 'HLS_GROUP',
      },
    ],
    paddingInserted: 0,
    blackVideoDetected: 10,
  },
};

const awsStatusUpdateDetail = {
  timestamp: 1671476832124,
  accountId: '111122223333',
  queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
  jobId: '1671476818694-phptj0',
  status: 'STATUS_UPDATE',
  userMetadata: {},
  framesDecoded: 353,
  jobProgress: {
    phaseProgress: {
      PROBING: { status: 'COMPLETE', percentComplete: 100 },
      TRANSCODING: { status: 'PROGRESSING', percentComplete: 2 },
      UPLOADING: { status: 'PENDING', percentComplete: 0 },
    },
    jobPercentComplete: 7,
    currentPhase: 'TRANSCODING',
    retryCount: 0,
  },
};

// The events a job built by buildCreateJobRequest (mediaconvert-job.request.ts) produces, shaped as
// MediaConvert sends them through EventBridge: fields the pipeline does not read included.
const jobArn = 'arn:aws:mediaconvert:eu-west-1:111122223333:jobs/1715000000000-abc123';
const envelope = {
  version: '0',
  id: '7c9a2f4e-1b3d-4e5f-8a6b-0c1d2e3f4a5b',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '111122223333',
  time: '2024-05-06T07:08:09Z',
  region: 'eu-west-1',
  resources: [jobArn],
};
const detailBase = {
  timestamp: 1714979289000,
  accountId: '111122223333',
  queue: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default',
  jobId: '1715000000000-abc123',
  userMetadata,
};
const renditions = 's3://24hv-renditions/jobs/job-1';

const awsProgressingEvent = { ...envelope, detail: { ...detailBase, status: 'PROGRESSING' } };

const awsStatusUpdateEvent = {
  ...envelope,
  detail: {
    ...detailBase,
    status: 'STATUS_UPDATE',
    framesDecoded: 2_880,
    jobProgress: {
      phaseProgress: {
        PROBING: { status: 'COMPLETE', percentComplete: 100 },
        TRANSCODING: { status: 'PROGRESSING', percentComplete: 38 },
        UPLOADING: { status: 'PENDING', percentComplete: 0 },
      },
      jobPercentComplete: 41,
      currentPhase: 'TRANSCODING',
      retryCount: 0,
    },
  },
};

const awsCompleteEvent = {
  ...envelope,
  detail: {
    ...detailBase,
    status: 'COMPLETE',
    warnings: [{ code: 230005, count: 1 }],
    outputGroupDetails: [
      {
        outputDetails: [
          { outputFilePaths: [`${renditions}/720p/source.mp4`], durationInMs: 120_040, videoDetails: { widthInPx: 1280, heightInPx: 720, averageBitrate: 2_795_112 } },
        ],
        type: 'FILE_GROUP',
      },
      {
        outputDetails: [
          { outputFilePaths: [`${renditions}/hls/source_720p.m3u8`], durationInMs: 120_040, videoDetails: { widthInPx: 1280, heightInPx: 720, averageBitrate: 2_801_004 } },
          { outputFilePaths: [`${renditions}/hls/source_480p.m3u8`], durationInMs: 120_040, videoDetails: { widthInPx: 854, heightInPx: 480, averageBitrate: 1_398_310 } },
        ],
        playlistFilePaths: [`${renditions}/hls/source.m3u8`],
        type: 'HLS_GROUP',
      },
    ],
    paddingInserted: 0,
    blackVideoDetected: 0,
  },
};

const awsErrorEvent = {
  ...envelope,
  detail: {
    ...detailBase,
    status: 'ERROR',
    errorCode: 1010,
    errorMessage: `Unable to open input file [s3://24hv-uploads/videos/${userMetadata.videoId}/source]: [Failed probe/open: [Can't find a demuxer for this file]]`,
  },
};

describe('toJobStateEvent', () => {
  it('builds the EventBridge envelope MediaConvert sends', () => {
    const event = toJobStateEvent({ jobId: 'job-1', status: 'SUBMITTED', userMetadata, time, region: 'eu-west-1', account: '123456789012' });

    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account: '123456789012',
      // EventBridge writes whole seconds.
      time: '2024-05-06T07:08:09Z',
      region: 'eu-west-1',
      resources: ['arn:aws:mediaconvert:eu-west-1:123456789012:jobs/job-1'],
      detail: {
        timestamp: time.getTime(),
        accountId: '123456789012',
        queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
        jobId: 'job-1',
        status: 'SUBMITTED',
        userMetadata,
      },
    });
  });

  it('carries progress, outputs and errors only when there are some', () => {
    expect(toJobStateEvent({ jobId: 'j', status: 'STATUS_UPDATE', userMetadata, time, percentComplete: 42 }).detail.jobProgress).toEqual({ jobPercentComplete: 42, currentPhase: 'TRANSCODING' });
    const failed = toJobStateEvent({ jobId: 'j', status: 'ERROR', userMetadata, time, errorCode: 1010, errorMessage: 'Unsupported codec' });
    expect(failed.detail).toMatchObject({ errorCode: 1010, errorMessage: 'Unsupported codec' });
    expect(Object.keys(failed.detail)).not.toContain('outputGroupDetails');
  });
});

describe('readJobStateEvent', () => {
  it('roundtrips every status through JSON', () => {
    for (const status of ['SUBMITTED', 'PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'] as const) {
      const event = toJobStateEvent({ jobId: 'job-1', status, userMetadata, time });
      expect(readJobStateEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  it('roundtrips a completed job with file and HLS outputs', () => {
    const event = toJobStateEvent({
      jobId: 'job-1',
      status: 'COMPLETE',
      userMetadata,
      time,
      outputGroupDetails: [
        { type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: ['s3://b/videos/v1/jobs/job-1/720p/out.mp4'], durationInMs: 5000, videoDetails: { widthInPx: 1280, heightInPx: 720 } }] },
        { type: 'HLS_GROUP', playlistFilePaths: ['s3://b/videos/v1/jobs/job-1/hls/index.m3u8'], outputDetails: [{ outputFilePaths: ['s3://b/videos/v1/jobs/job-1/hls/index_720.m3u8'], durationInMs: 5000 }] },
      ],
    });

    expect(readJobStateEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('reads the AWS COMPLETE sample, dropping the fields it does not use', () => {
    const event = readJobStateEvent(awsCompleteSample);

    expect(event.detail.status).toBe('COMPLETE');
    expect(event.detail.userMetadata).toEqual({ videoId: 'v1' });
    expect(event.detail.outputGroupDetails?.map((group) => [group.type, group.outputDetails[0]?.outputFilePaths[0], group.playlistFilePaths])).toEqual([
      ['FILE_GROUP', 's3://DOC-EXAMPLE-BUCKET/file/file.mp4', undefined],
      ['HLS_GROUP', 's3://DOC-EXAMPLE-BUCKET/hls/file_720.m3u8', ['s3://DOC-EXAMPLE-BUCKET/hls/file.m3u8']],
    ]);
    expect(event.detail.outputGroupDetails?.[0]?.outputDetails[0]?.videoDetails).toEqual({ widthInPx: 1920, heightInPx: 1080 });
    expect(event.detail).not.toHaveProperty('warnings');
  });

  it('reads the AWS STATUS_UPDATE and ERROR shapes', () => {
    expect(readJobStateEvent({ ...awsCompleteSample, detail: awsStatusUpdateDetail }).detail.jobProgress).toMatchObject({ jobPercentComplete: 7, currentPhase: 'TRANSCODING', retryCount: 0 });
    const errorDetail = { ...awsStatusUpdateDetail, status: 'ERROR', jobProgress: undefined, errorCode: 1040, errorMessage: 'Example error message' };
    expect(readJobStateEvent({ ...awsCompleteSample, detail: errorDetail }).detail).toMatchObject({ status: 'ERROR', errorCode: 1040, errorMessage: 'Example error message' });
  });

  const valid = toJobStateEvent({ jobId: 'job-1', status: 'COMPLETE', userMetadata, time });
  it.each([
    ['nothing', undefined],
    ['an S3 event', { Records: [] }],
    ['another detail-type', { ...valid, 'detail-type': 'MediaConvert Job Queue Change' }],
    ['another source', { ...valid, source: 'aws.s3' }],
    ['no detail', { ...valid, detail: undefined }],
    ['a status MediaConvert does not send to the pipeline', { ...valid, detail: { ...valid.detail, status: 'INPUT_INFORMATION' } }],
    ['a status in the wrong case', { ...valid, detail: { ...valid.detail, status: 'complete' } }],
    ['userMetadata with a non-string value', { ...valid, detail: { ...valid.detail, userMetadata: { videoId: 7 } } }],
    ['a timestamp as a string', { ...valid, detail: { ...valid.detail, timestamp: '1671476832124' } }],
    ['an output without its paths', { ...valid, detail: { ...valid.detail, outputGroupDetails: [{ type: 'FILE_GROUP', outputDetails: [{ durationInMs: 1 }] }] } }],
  ])('fails on %s', (_name, event) => {
    expect(() => readJobStateEvent(event)).toThrow(MalformedEventError);
  });

  it('says which field is wrong', () => {
    const event = { ...valid, detail: { ...valid.detail, status: 'DONE' } };
    expect(() => readJobStateEvent(event)).toThrow(/MediaConvert Job State Change.*detail\.status/s);
  });
});

describe('readJobStateEvent with the events of a MediaConvert job', () => {
  it('reads PROGRESSING, which carries neither progress nor outputs', () => {
    const event = readJobStateEvent(awsProgressingEvent);

    expect(event.detail).toEqual({ ...detailBase, status: 'PROGRESSING' });
  });

  it('reads STATUS_UPDATE with the job and phase percentages, dropping the frame count', () => {
    const event = readJobStateEvent(awsStatusUpdateEvent);

    expect(event.detail.status).toBe('STATUS_UPDATE');
    expect(event.detail.jobProgress).toEqual(awsStatusUpdateEvent.detail.jobProgress);
    expect(event.detail).not.toHaveProperty('framesDecoded');
  });

  it('reads COMPLETE with the MP4 file and every HLS playlist, size and duration', () => {
    const event = readJobStateEvent(awsCompleteEvent);

    expect(event.resources).toEqual([jobArn]);
    expect(event.detail.userMetadata).toEqual(userMetadata);
    expect(event.detail.outputGroupDetails).toEqual([
      {
        type: 'FILE_GROUP',
        outputDetails: [{ outputFilePaths: [`${renditions}/720p/source.mp4`], durationInMs: 120_040, videoDetails: { widthInPx: 1280, heightInPx: 720 } }],
      },
      {
        type: 'HLS_GROUP',
        playlistFilePaths: [`${renditions}/hls/source.m3u8`],
        outputDetails: [
          { outputFilePaths: [`${renditions}/hls/source_720p.m3u8`], durationInMs: 120_040, videoDetails: { widthInPx: 1280, heightInPx: 720 } },
          { outputFilePaths: [`${renditions}/hls/source_480p.m3u8`], durationInMs: 120_040, videoDetails: { widthInPx: 854, heightInPx: 480 } },
        ],
      },
    ]);
    expect(event.detail).not.toHaveProperty('warnings');
  });

  it('reads ERROR with MediaConvert\'s error number and message', () => {
    const event = readJobStateEvent(awsErrorEvent);

    expect(event.detail).toMatchObject({ status: 'ERROR', errorCode: 1010, errorMessage: awsErrorEvent.detail.errorMessage });
    expect(event.detail.outputGroupDetails).toBeUndefined();
  });

  it.each([
    ['an error number sent as a string', { ...awsErrorEvent, detail: { ...awsErrorEvent.detail, errorCode: '1010' } }, 'detail.errorCode'],
    ['no job id', { ...awsErrorEvent, detail: { ...awsErrorEvent.detail, jobId: undefined } }, 'detail.jobId'],
    ['an empty job id', { ...awsProgressingEvent, detail: { ...awsProgressingEvent.detail, jobId: '' } }, 'detail.jobId'],
    ['no userMetadata', { ...awsProgressingEvent, detail: { ...awsProgressingEvent.detail, userMetadata: undefined } }, 'detail.userMetadata'],
    ['progress without its job percentage', { ...awsStatusUpdateEvent, detail: { ...awsStatusUpdateEvent.detail, jobProgress: { currentPhase: 'TRANSCODING' } } }, 'detail.jobProgress.jobPercentComplete'],
    [
      'an output group of a type MediaConvert does not have',
      { ...awsCompleteEvent, detail: { ...awsCompleteEvent.detail, outputGroupDetails: [{ type: 'RTMP_GROUP', outputDetails: [] }] } },
      'detail.outputGroupDetails[0].type',
    ],
    [
      'a picture size sent as text',
      { ...awsCompleteEvent, detail: { ...awsCompleteEvent.detail, outputGroupDetails: [{ type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: ['s3://b/k.mp4'], durationInMs: 1, videoDetails: { widthInPx: '1280', heightInPx: 720 } }] }] } },
      'detail.outputGroupDetails[0].outputDetails[0].videoDetails.widthInPx',
    ],
    ['a master playlist path that is not a list', { ...awsCompleteEvent, detail: { ...awsCompleteEvent.detail, outputGroupDetails: [{ type: 'HLS_GROUP', outputDetails: [], playlistFilePaths: 's3://b/hls/source.m3u8' }] } }, 'detail.outputGroupDetails[0].playlistFilePaths'],
    ['the event as a JSON string, still wrapped', JSON.stringify(awsCompleteEvent), 'MediaConvert Job State Change'],
  ])('refuses %s, naming the field', (_name, event, field) => {
    expect(() => readJobStateEvent(event)).toThrow(MalformedEventError);
    expect(() => readJobStateEvent(event)).toThrow(field);
  });
});
