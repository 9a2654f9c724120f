import * as z from 'zod';
import { isSnsEnvelope, readSnsMessages } from '../events/sns-envelope';
import { videoOutcomeMessageSchema } from './video-outcome-message';

/** The pipeline events a function can receive, told apart by their AWS shape. */
export type PipelineEventKind = 'storedObjects' | 'jobState' | 'videoOutcome' | 'schedule';

const eventBridgeSchema = z.object({ source: z.string(), 'detail-type': z.string() });
const s3Schema = z.union([z.object({ Records: z.array(z.object({ eventSource: z.literal('aws:s3') })) }), z.object({ Event: z.literal('s3:TestEvent') })]);

/** Which pipeline event this is; undefined for anything else (an HTTP event, garbage). */
export function pipelineEventKind(event: unknown): PipelineEventKind | undefined {
  const bridged = eventBridgeSchema.safeParse(event);
  if (bridged.success) {
    if (bridged.data.source === 'aws.mediaconvert') return 'jobState';
    if (bridged.data['detail-type'] === 'Scheduled Event') return 'schedule';
    return undefined;
  }
  // S3 notifications arrive directly or wrapped in SNS; video outcomes arrive by SNS.
  if (isSnsEnvelope(event)) return isOutcomeEnvelope(event) ? 'videoOutcome' : 'storedObjects';
  if (s3Schema.safeParse(event).success) return 'storedObjects';
  return undefined;
}

function isOutcomeEnvelope(event: unknown): boolean {
  try {
    // Told by what the message says, not by the topic's ARN, which differs per account and region.
    return videoOutcomeMessageSchema.safeParse(readSnsMessages(event)[0]).success;
  } catch {
    // A malformed envelope is not an outcome; the stored-objects reader says what is wrong with it.
    return false;
  }
}
