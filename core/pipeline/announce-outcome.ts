import { toSnsEnvelope } from '../events/sns-envelope';
import type { VideoEvent } from '../notifications/video-event';
import { topics, videoOutcomeTopicArn } from './topics';
import type { VideoOutcomeMessage } from './video-outcome-message';

/** Publishes a function of (topic, event): an EventBus's publish. */
export type Publish = (topic: string, event: unknown) => Promise<void>;

/** Announces a recorded video outcome on its SNS topic; notifications fans it out. */
export function announceOutcome(publish: Publish, event: VideoEvent): Promise<void> {
  const message: VideoOutcomeMessage = { event: event.name, eventKey: event.key, videoId: event.videoId, occurredAt: event.occurredAt.toISOString() };
  return publish(topics.videoOutcomes, toSnsEnvelope({ topicArn: videoOutcomeTopicArn, subject: event.name, message, time: event.occurredAt }));
}
