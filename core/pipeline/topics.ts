/**
 * The pipeline's event channels and what flows on them, in the shape of the AWS service that
 * carries it in production: S3 notifications, EventBridge (MediaConvert), SNS.
 */
export const topics = {
  /** S3 ObjectCreated events of stored objects. */
  storedObjects: 'storage.object-created',
  /** MediaConvert "Job State Change" events. */
  jobStates: 'transcoding.job-state',
  /** SNS envelopes announcing that a video became ready or failed. */
  videoOutcomes: 'videos.outcome',
} as const;

/** The SNS topic the video outcome envelopes say they come from. */
export const videoOutcomeTopicArn = 'arn:aws:sns:us-east-1:000000000000:24hv-video-outcomes';

/** The kind of event each topic carries (see pipeline-event-kind.ts). */
export const eventKindOfTopic = {
  [topics.storedObjects]: 'storedObjects',
  [topics.jobStates]: 'jobState',
  [topics.videoOutcomes]: 'videoOutcome',
} as const;
