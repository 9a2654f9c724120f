import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { describe, expect, it } from 'vitest';
import { presets } from '../presets';
import { buildCreateJobRequest, SourceTooSmallError, type MediaConvertJobInput } from './mediaconvert-job.request';

const jobId = '0d6b1a1e-6c9a-4f0e-8d2b-3f5c7a9e1b20';
const videoId = '6f1c2a9e-2f4b-4c1d-9a7e-0b5d3c2e1f00';

/** A job for the contract's presets; each test says only what it changes. */
const aJob = (overrides: Partial<MediaConvertJobInput> = {}): MediaConvertJobInput => ({
  role: 'arn:aws:iam::111122223333:role/24hv-mediaconvert',
  queue: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default',
  sourceUri: `s3://24hv-uploads/videos/${videoId}/source`,
  destinationUri: `s3://24hv-renditions/jobs/${jobId}/`,
  source: { width: 1920, height: 1080 },
  presets,
  userMetadata: { videoId, jobId },
  ...overrides,
});

const aac = (kbps: number) => [{ AudioSourceName: 'Audio Selector 1', CodecSettings: { Codec: 'AAC', AacSettings: { Bitrate: kbps * 1000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48_000 } } }];
const h264 = (width: number, height: number, kbps: number) => ({
  Width: width,
  Height: height,
  ScalingBehavior: 'FIT_NO_UPSCALE',
  CodecSettings: { Codec: 'H_264', H264Settings: { RateControlMode: 'CBR', Bitrate: kbps * 1000, CodecProfile: 'HIGH' } },
});
const mp4Container = { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } };
const hlsGroupSettings = {
  Type: 'HLS_GROUP_SETTINGS',
  HlsGroupSettings: { Destination: `s3://24hv-renditions/jobs/${jobId}/hls/`, SegmentLength: 6, MinSegmentLength: 0, SegmentControl: 'SEGMENTED_FILES', CodecSpecification: 'RFC_4281' },
};

/** Per output group: where it writes and the size of each output. */
const outline = (request: CreateJobCommandInput) =>
  request.Settings?.OutputGroups?.map((group) => ({
    type: group.OutputGroupSettings?.Type,
    destination: group.OutputGroupSettings?.FileGroupSettings?.Destination ?? group.OutputGroupSettings?.HlsGroupSettings?.Destination,
    outputs: group.Outputs?.map((output) => `${output.NameModifier ?? ''} ${output.VideoDescription?.Width}×${output.VideoDescription?.Height}`.trim()),
  }));

describe('buildCreateJobRequest', () => {
  it('asks for every preset from a 1920×1080 source: three MP4 file groups and an HLS group of two variants', () => {
    expect(buildCreateJobRequest(aJob())).toEqual({
      Role: 'arn:aws:iam::111122223333:role/24hv-mediaconvert',
      Queue: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default',
      UserMetadata: { videoId, jobId },
      ClientRequestToken: jobId,
      StatusUpdateInterval: 'SECONDS_10',
      Settings: {
        Inputs: [
          {
            FileInput: `s3://24hv-uploads/videos/${videoId}/source`,
            VideoSelector: {},
            AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
            TimecodeSource: 'ZEROBASED',
          },
        ],
        OutputGroups: [
          {
            OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `s3://24hv-renditions/jobs/${jobId}/1080p/` } },
            Outputs: [{ ContainerSettings: mp4Container, VideoDescription: h264(1920, 1080, 5000), AudioDescriptions: aac(192) }],
          },
          {
            OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `s3://24hv-renditions/jobs/${jobId}/720p/` } },
            Outputs: [{ ContainerSettings: mp4Container, VideoDescription: h264(1280, 720, 2800), AudioDescriptions: aac(128) }],
          },
          {
            OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `s3://24hv-renditions/jobs/${jobId}/480p/` } },
            Outputs: [{ ContainerSettings: mp4Container, VideoDescription: h264(854, 480, 1400), AudioDescriptions: aac(96) }],
          },
          {
            OutputGroupSettings: hlsGroupSettings,
            Outputs: [
              { NameModifier: '_720p', ContainerSettings: { Container: 'M3U8' }, VideoDescription: h264(1280, 720, 2800), AudioDescriptions: aac(128) },
              { NameModifier: '_480p', ContainerSettings: { Container: 'M3U8' }, VideoDescription: h264(854, 480, 1400), AudioDescriptions: aac(96) },
            ],
          },
        ],
      },
    });
  });

  it('leaves out what would upscale an 854×480 source: no 1080p or 720p, HLS with only its 480p variant', () => {
    const request = buildCreateJobRequest(aJob({ source: { width: 854, height: 480 } }));

    expect(request.Settings?.OutputGroups).toEqual([
      {
        OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `s3://24hv-renditions/jobs/${jobId}/480p/` } },
        Outputs: [{ ContainerSettings: mp4Container, VideoDescription: h264(854, 480, 1400), AudioDescriptions: aac(96) }],
      },
      {
        OutputGroupSettings: hlsGroupSettings,
        Outputs: [{ NameModifier: '_480p', ContainerSettings: { Container: 'M3U8' }, VideoDescription: h264(854, 480, 1400), AudioDescriptions: aac(96) }],
      },
    ]);
  });

  it('turns the boxes for a portrait source, judged on its short side', () => {
    const request = buildCreateJobRequest(aJob({ source: { width: 720, height: 1280 } }));

    expect(outline(request)).toEqual([
      { type: 'FILE_GROUP_SETTINGS', destination: `s3://24hv-renditions/jobs/${jobId}/720p/`, outputs: ['720×1280'] },
      { type: 'FILE_GROUP_SETTINGS', destination: `s3://24hv-renditions/jobs/${jobId}/480p/`, outputs: ['480×854'] },
      { type: 'HLS_GROUP_SETTINGS', destination: `s3://24hv-renditions/jobs/${jobId}/hls/`, outputs: ['_720p 720×1280', '_480p 480×854'] },
    ]);
  });

  it('makes only the presets it is given', () => {
    const request = buildCreateJobRequest(aJob({ presets: presets.filter((preset) => preset.id === 'hls') }));

    expect(outline(request)).toEqual([{ type: 'HLS_GROUP_SETTINGS', destination: `s3://24hv-renditions/jobs/${jobId}/hls/`, outputs: ['_720p 1280×720', '_480p 854×480'] }]);
  });

  it('refuses a 320×240 source, which no preset can fill, with SourceTooSmallError', () => {
    const building = () => buildCreateJobRequest(aJob({ source: { width: 320, height: 240 } }));

    expect(building).toThrow(SourceTooSmallError);
    expect(building).toThrow('Every preset would upscale a 320×240 video: MediaConvert would have no output to make');
    expect(building).toThrow(expect.objectContaining({ code: 'source_too_small', source: { width: 320, height: 240 } }));
  });

  it('refuses an HLS-only request when no variant fits', () => {
    expect(() => buildCreateJobRequest(aJob({ source: { width: 640, height: 360 }, presets: presets.filter((preset) => preset.id === 'hls') }))).toThrow(SourceTooSmallError);
  });

  it.each([
    ['a destination without its trailing slash', { destinationUri: `s3://24hv-renditions/jobs/${jobId}` }, /s3:\/\/bucket\/prefix\/ \(ending with '\/'\)/],
    ['a destination that is not in S3', { destinationUri: '/tmp/renditions/' }, /s3:\/\/bucket\/prefix\//],
    ['a source that is not in S3', { sourceUri: 'https://example.com/source.mp4' }, /s3:\/\/bucket\/key/],
    ['a source without a key', { sourceUri: 's3://24hv-uploads/' }, /s3:\/\/bucket\/key/],
  ])('refuses %s', (_name, overrides, message) => {
    expect(() => buildCreateJobRequest(aJob(overrides))).toThrow(message);
  });
});
