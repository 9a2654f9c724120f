import { FixedClock } from '../auth/auth-test-kit';
import { stateChange } from '../flags/flag-test-kit';
import { toJobStateEvent, type JobStatus, type MediaConvertJobStateEvent } from '../events/mediaconvert-job-state';
import { toS3ObjectCreatedEvent, type S3Event, type S3TestEvent } from '../events/s3-event';
import { readSnsMessages, toSnsEnvelope, type SnsEnvelope } from '../events/sns-envelope';
import type { InMemoryFlagStore } from '../flags/adapters/in-memory-flag.store';
import type { Capability } from '../flags/capabilities';
import type { FlagState } from '../flags/flag';
import type { VideoMetadata } from '../metadata/metadata';
import type { MetadataStore } from '../metadata/metadata.store';
import type { VideoEvent } from '../notifications/video-event';
import type { ObjectStorage, StoredObject } from '../storage/object-storage';
import type { Failure } from '../videos/video';
import type { VideoSettler } from './video-settler';

/** The instant the pipeline's fakes live at. */
export const now = new Date('2026-11-23T10:02:00.000Z');

/** A clock stopped at `now`. */
export const stoppedClock = () => new FixedClock(now);

/** What S3 sends when objects are stored: one record per key, keys URL-encoded as S3 does. */
export function storedObjectsEvent(...keys: string[]): S3Event {
  return { Records: keys.flatMap((key) => toS3ObjectCreatedEvent({ bucket: 'videos-local', key, sizeBytes: 28_324, eTag: 'd41d8cd98f00b204e9800998ecf8427e', time: now }).Records) };
}

/** What S3 sends once when a bucket notification is configured. */
export const s3TestEvent: S3TestEvent = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-23T10:00:00.000Z',
  Bucket: 'videos-local',
  RequestId: 'C3D13FE58DE4C810',
  HostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
};

/** `message` as SNS delivers it from a topic S3 notifies (not the video outcome topic). */
export const viaStorageTopic = (message: unknown): SnsEnvelope => toSnsEnvelope({ topicArn: 'arn:aws:sns:us-east-1:000000000000:24hv-stored-objects', message, time: now });

/** A MediaConvert job state change, as EventBridge delivers it. */
export function jobStateEvent(status: JobStatus, userMetadata: Record<string, string>): MediaConvertJobStateEvent {
  return toJobStateEvent({ jobId: userMetadata.jobId ?? 'job-without-metadata', status, userMetadata, time: now });
}

/** Moves a capability to `state`, as an operator's flip does. */
export async function flipCapability(flags: InMemoryFlagStore, capability: Capability, state: FlagState): Promise<void> {
  const current = (await flags.list()).find((flag) => flag.scope === 'capability' && flag.name === capability);
  await flags.change(
    stateChange({
      scope: 'capability',
      name: capability,
      fromState: current?.state ?? 'legacy',
      toState: state,
      reason: 'test flip',
      actor: 'test',
      expectedVersion: current?.version ?? 0,
      at: now,
    }),
  );
}

/** Object sizes in memory: `stat` is all the pipeline asks of storage. */
export class InMemoryObjects implements Pick<ObjectStorage, 'stat'> {
  readonly sizes = new Map<string, number>();
  /** Keys asked about, in order. */
  readonly statted: string[] = [];

  store(key: string, sizeBytes = 28_324): void {
    this.sizes.set(key, sizeBytes);
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    this.statted.push(key);
    const sizeBytes = this.sizes.get(key);
    return sizeBytes === undefined ? undefined : { key, sizeBytes };
  }
}

/** A settler that answers what a test tells it, remembering what it was asked. */
export class RecordingSettler implements VideoSettler {
  readonly settled: Array<{ videoId: string; at: Date }> = [];
  readonly failed: Array<{ videoId: string; error: Failure; at: Date }> = [];
  /** What settle and fail answer: the event to announce, or undefined (pending, settled already, deleted). */
  answer: VideoEvent | undefined = undefined;
  /** Thrown by settle instead of answering, when set. */
  settleError: Error | undefined = undefined;
  /** The recorded events not yet fanned out; `unannounced` returns those that occurred before its `before`. */
  readonly recorded: VideoEvent[] = [];

  async settle(videoId: string, at: Date): Promise<VideoEvent | undefined> {
    this.settled.push({ videoId, at });
    if (this.settleError) throw this.settleError;
    return this.answer;
  }

  async fail(videoId: string, error: Failure, at: Date): Promise<VideoEvent | undefined> {
    this.failed.push({ videoId, error, at });
    return this.answer;
  }

  async unannounced(before: Date, limit: number): Promise<VideoEvent[]> {
    return this.recorded
      .filter((event) => event.occurredAt < before)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .slice(0, limit);
  }
}

/** Collects what is published, in order; fails every publish while `failure` is set. */
export class RecordingPublisher {
  readonly published: Array<{ topic: string; event: unknown }> = [];
  failure: Error | undefined = undefined;

  readonly publish = async (topic: string, event: unknown): Promise<void> => {
    if (this.failure) throw this.failure;
    this.published.push({ topic, event });
  };
}

/** Each published SNS envelope as topic, the ARN it says it comes from, its subject and its decoded messages. */
export function readAnnouncements(published: RecordingPublisher['published']) {
  return published.map(({ topic, event }) => {
    const record = (event as SnsEnvelope).Records[0];
    return { topic, topicArn: record?.Sns.TopicArn, subject: record?.Sns.Subject, messages: readSnsMessages(event) };
  });
}

/** The SNS message announcing `event`, as the pipeline publishes it. */
export const outcomeMessageOf = (event: VideoEvent) => ({ event: event.name, eventKey: event.key, videoId: event.videoId, occurredAt: event.occurredAt.toISOString() });

/** Extracted metadata in memory, by video. */
export class InMemoryMetadataStore implements MetadataStore {
  readonly records = new Map<string, VideoMetadata>();

  /** Saves for any video: the metadata service only calls it for videos it found. */
  async save(metadata: VideoMetadata): Promise<boolean> {
    this.records.set(metadata.videoId, metadata);
    return true;
  }

  async findByVideoId(videoId: string): Promise<VideoMetadata | undefined> {
    return this.records.get(videoId);
  }
}
