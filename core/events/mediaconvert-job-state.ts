import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { MalformedEventError } from './event.errors';

// Only these reach the pipeline: MediaConvert also emits INPUT_INFORMATION, NEW_WARNING and
// QUEUE_HOP, which the EventBridge rule must filter out, or reading them fails the handler.
const jobStatuses = ['SUBMITTED', 'PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'] as const;
export type JobStatus = (typeof jobStatuses)[number];

const outputGroupDetailSchema = z.object({
  outputDetails: z.array(
    z.object({
      outputFilePaths: z.array(z.string()),
      durationInMs: z.number(),
      /** Absent for audio-only outputs. */
      videoDetails: z.object({ widthInPx: z.number(), heightInPx: z.number() }).optional(),
    }),
  ),
  /** HLS: the master playlist(s); outputFilePaths then name the variant playlists. */
  playlistFilePaths: z.array(z.string()).optional(),
  // The platform only creates file and HLS groups; the other types AWS has are still read.
  type: z.enum(['FILE_GROUP', 'HLS_GROUP', 'DASH_ISO_GROUP', 'CMAF_GROUP', 'MS_SMOOTH_GROUP']),
});

// Unknown fields (warnings, paddingInserted, ...) are dropped, not refused: AWS adds them over time.
const jobStateEventSchema = z.object({
  version: z.literal('0'),
  id: z.string(),
  'detail-type': z.literal('MediaConvert Job State Change'),
  source: z.literal('aws.mediaconvert'),
  account: z.string(),
  /** ISO 8601 to the second, as EventBridge writes it: "2022-12-19T19:07:12Z". */
  time: z.string(),
  region: z.string(),
  /** The job's ARN. */
  resources: z.array(z.string()),
  detail: z.object({
    /** Milliseconds since the epoch. */
    timestamp: z.number(),
    accountId: z.string(),
    queue: z.string(),
    jobId: z.string().min(1),
    status: z.enum(jobStatuses),
    /** What the job was created with: the platform puts the video and job ids here. */
    userMetadata: z.record(z.string(), z.string()),
    jobProgress: z
      .object({
        phaseProgress: z.record(z.string(), z.object({ status: z.string(), percentComplete: z.number() })).optional(),
        jobPercentComplete: z.number(),
        currentPhase: z.string(),
        retryCount: z.number().optional(),
      })
      .optional(),
    /** On COMPLETE. */
    outputGroupDetails: z.array(outputGroupDetailSchema).optional(),
    /** On ERROR. */
    errorCode: z.number().optional(),
    errorMessage: z.string().optional(),
  }),
});

/** The EventBridge "MediaConvert Job State Change" event. */
export type MediaConvertJobStateEvent = z.infer<typeof jobStateEventSchema>;
export type OutputGroupDetail = z.infer<typeof outputGroupDetailSchema>;

/** The event MediaConvert would send for a job, for a transcoder that is not MediaConvert but speaks like it. */
export function toJobStateEvent(input: {
  jobId: string;
  status: JobStatus;
  userMetadata: Record<string, string>;
  time: Date;
  percentComplete?: number;
  outputGroupDetails?: OutputGroupDetail[];
  errorCode?: number;
  errorMessage?: string;
  region?: string;
  account?: string;
}): MediaConvertJobStateEvent {
  const region = input.region ?? 'us-east-1';
  const account = input.account ?? '000000000000';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account,
    time: input.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:mediaconvert:${region}:${account}:jobs/${input.jobId}`],
    detail: {
      timestamp: input.time.getTime(),
      accountId: account,
      queue: `arn:aws:mediaconvert:${region}:${account}:queues/Default`,
      jobId: input.jobId,
      status: input.status,
      userMetadata: input.userMetadata,
      ...(input.percentComplete === undefined ? {} : { jobProgress: { jobPercentComplete: input.percentComplete, currentPhase: 'TRANSCODING' } }),
      ...(input.outputGroupDetails === undefined ? {} : { outputGroupDetails: input.outputGroupDetails }),
      ...(input.errorCode === undefined ? {} : { errorCode: input.errorCode }),
      ...(input.errorMessage === undefined ? {} : { errorMessage: input.errorMessage }),
    },
  };
}

/** Validates a MediaConvert job state event; throws MalformedEventError naming every problem. */
export function readJobStateEvent(event: unknown): MediaConvertJobStateEvent {
  const parsed = jobStateEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  throw new MalformedEventError(`Expected an EventBridge "MediaConvert Job State Change" event:\n${z.prettifyError(parsed.error)}`);
}
