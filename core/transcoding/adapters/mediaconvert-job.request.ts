import type { AudioDescription, CreateJobCommandInput, OutputGroup, VideoDescription } from '@aws-sdk/client-mediaconvert';
import { hlsSegmentSeconds, hlsVariants, type HlsVariant, type Preset } from '../presets';
import { canEncodeWithoutUpscaling, fitsWithoutUpscaling, type FrameSize } from '../upscaling';

/** What one MediaConvert job encodes: a stored source into every preset it can fill. */
export interface MediaConvertJobInput {
  /** The IAM role MediaConvert assumes to read the source and write the outputs. */
  readonly role: string;
  readonly queue: string;
  /** `s3://bucket/key` of the source. */
  readonly sourceUri: string;
  /** `s3://bucket/prefix/` of this job's outputs, e.g. `s3://renditions/jobs/<jobId>/`. */
  readonly destinationUri: string;
  /** The probed size of the source picture. */
  readonly source: FrameSize;
  readonly presets: readonly Preset[];
  /** Comes back in every job-state event: how the pipeline finds the video and job again. */
  readonly userMetadata: { readonly videoId: string; readonly jobId: string };
}

/** No preset can be made from the source without upscaling; the pipeline fails the video as source_too_small. */
export class SourceTooSmallError extends Error {
  readonly code = 'source_too_small';

  constructor(readonly source: FrameSize) {
    super(`Every preset would upscale a ${source.width}×${source.height} video: MediaConvert would have no output to make`);
    this.name = 'SourceTooSmallError';
  }
}

const audioSelector = 'Audio Selector 1';
const sourceUriPattern = /^s3:\/\/[^/]+\/.+$/;
const destinationUriPattern = /^s3:\/\/[^/]+\/(.+\/)?$/;

/** The CreateJob request: one MP4 file group per mp4 preset, one Apple HLS group with a variant per fitting rung. */
export function buildCreateJobRequest(input: MediaConvertJobInput): CreateJobCommandInput {
  assertS3Uris(input);
  const outputGroups = input.presets
    .filter((preset) => canEncodeWithoutUpscaling(preset, hlsVariants, input.source))
    .map((preset) => (preset.container === 'mp4' ? mp4Group(preset, input) : hlsGroup(input)));
  if (outputGroups.length === 0) throw new SourceTooSmallError(input.source);
  return {
    Role: input.role,
    Queue: input.queue,
    UserMetadata: { videoId: input.userMetadata.videoId, jobId: input.userMetadata.jobId },
    // Events are delivered at least once: a repeated submission within a minute gets the same job back.
    ClientRequestToken: input.userMetadata.jobId,
    // STATUS_UPDATE events every 10 s instead of every minute: the customer sees progress move.
    StatusUpdateInterval: 'SECONDS_10',
    Settings: {
      Inputs: [
        {
          FileInput: input.sourceUri,
          VideoSelector: {},
          AudioSelectors: { [audioSelector]: { DefaultSelection: 'DEFAULT' } },
          // Timestamps from zero, whatever timecode a camera wrote into the file.
          TimecodeSource: 'ZEROBASED',
        },
      ],
      OutputGroups: outputGroups,
    },
  };
}

function mp4Group(preset: Preset, input: MediaConvertJobInput): OutputGroup {
  return {
    OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `${input.destinationUri}${preset.id}/` } },
    Outputs: [
      {
        // The index up front lets a browser start playing before the download ends.
        ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
        VideoDescription: videoDescription(preset, input.source),
        AudioDescriptions: [audioDescription(preset)],
      },
    ],
  };
}

function hlsGroup(input: MediaConvertJobInput): OutputGroup {
  const variants = hlsVariants.filter((variant) => fitsWithoutUpscaling(variant, input.source));
  return {
    OutputGroupSettings: {
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: {
        Destination: `${input.destinationUri}hls/`,
        SegmentLength: hlsSegmentSeconds,
        MinSegmentLength: 0,
        SegmentControl: 'SEGMENTED_FILES',
        // CODECS in the master playlist, so a player can pick a variant without downloading it.
        CodecSpecification: 'RFC_4281',
      },
    },
    Outputs: variants.map((variant) => ({
      NameModifier: `_${variant.name}`,
      ContainerSettings: { Container: 'M3U8' },
      VideoDescription: videoDescription(variant, input.source),
      AudioDescriptions: [audioDescription(variant)],
    })),
  };
}

/**
 * The rendition's box, turned to match a portrait source as the ffmpeg transcoder does; the picture
 * is fitted inside it with its aspect ratio kept, no bars added, never enlarged.
 */
function videoDescription(rendition: Preset | HlsVariant, source: FrameSize): VideoDescription {
  const portrait = source.height > source.width;
  return {
    Width: portrait ? rendition.height : rendition.width,
    Height: portrait ? rendition.width : rendition.height,
    ScalingBehavior: 'FIT_NO_UPSCALE',
    CodecSettings: {
      Codec: 'H_264',
      H264Settings: { RateControlMode: 'CBR', Bitrate: rendition.videoBitrateKbps * 1000, CodecProfile: 'HIGH' },
    },
  };
}

function audioDescription(rendition: Preset | HlsVariant): AudioDescription {
  return {
    AudioSourceName: audioSelector,
    CodecSettings: {
      Codec: 'AAC',
      AacSettings: { Bitrate: rendition.audioBitrateKbps * 1000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48_000 },
    },
  };
}

// Output paths are built by appending to the destination: without its trailing '/', "jobs/j1" + "hls/"
// would write to "jobs/j1hls/".
function assertS3Uris(input: MediaConvertJobInput): void {
  if (!sourceUriPattern.test(input.sourceUri)) {
    throw new TypeError(`Expected the source as s3://bucket/key, got ${JSON.stringify(input.sourceUri)}`);
  }
  if (!destinationUriPattern.test(input.destinationUri)) {
    throw new TypeError(`Expected the destination as s3://bucket/prefix/ (ending with '/'), got ${JSON.stringify(input.destinationUri)}`);
  }
}
