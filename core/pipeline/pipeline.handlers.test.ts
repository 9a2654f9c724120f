import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../auth/auth-test-kit';
import { MalformedEventError } from '../events/event.errors';
import { toJobStateEvent, type JobStatus } from '../events/mediaconvert-job-state';
import { toS3ObjectCreatedEvent, type S3Event, type S3TestEvent } from '../events/s3-event';
import { readSnsMessages, toSnsEnvelope, type SnsEnvelope } from '../events/sns-envelope';
import { MediaUnreadableError } from '../media/media.errors';
import type { VideoMetadata } from '../metadata/metadata';
import type { TranscodeJob } from '../transcoding/transcode-job';
import { jobOutputPrefix, sourceKeyOf } from '../videos/video-keys';
import { toVideoView } from '../videos/video-view';
import type { Rendition } from '../videos/video';
import { aReadyRendition, aRenditionWithoutFile, aVideo } from '../videos/videos-test-kit';
import { createPipelineHandlers } from './pipeline.handlers';
import { topics, videoOutcomeTopicArn } from './topics';
import type { VideoOutcome } from './video-outcome.recorder';

const now = new Date('2026-11-23T10:02:00.000Z');

/** The job startForUpload queues for an upload. */
const anUploadJob = (videoId: string): TranscodeJob => ({
  id: randomUUID(),
  videoId,
  status: 'queued',
  presets: ['1080p', '720p', '480p', 'hls'],
  progress: 0,
  attempts: 0,
  idempotencyKey: `upload:${videoId}`,
  error: null,
  createdAt: now,
  startedAt: null,
  completedAt: null,
});

const metadataOf = (videoId: string): VideoMetadata => ({
  videoId,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 2,
  sizeBytes: 28_324,
  bitRate: 113_296,
  video: { codec: 'h264', width: 320, height: 240, frameRate: 25, pixelFormat: 'yuv420p' },
  audio: null,
  extractedAt: now,
});

/** What S3 sends when objects are stored. */
const storedObjectsEvent = (...keys: string[]): S3Event => ({
  Records: keys.flatMap((key) => toS3ObjectCreatedEvent({ bucket: 'videos-local', key, sizeBytes: 28_324, eTag: 'd41d8cd98f00b204e9800998ecf8427e', time: now }).Records),
});

const s3TestEvent: S3TestEvent = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-23T10:00:00.000Z',
  Bucket: 'videos-local',
  RequestId: 'C3D13FE58DE4C810',
  HostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
};

const viaSns = (message: unknown): SnsEnvelope =>
  toSnsEnvelope({ topicArn: 'arn:aws:sns:us-east-1:000000000000:24hv-stored-objects', message, time: now });

const jobStateEvent = (status: JobStatus, userMetadata: Record<string, string>, error: { errorCode?: number; errorMessage?: string } = {}) =>
  toJobStateEvent({ jobId: userMetadata.jobId ?? randomUUID(), status, userMetadata, time: now, ...error });

/** The pipeline's handlers over fakes that record what the steps were asked, in order. */
function aPipeline() {
  const registered = new Set<string>();
  const stored = new Set<string>();
  const steps: string[] = [];
  const started: string[] = [];
  const recorded: Array<{ videoId: string; outcome: VideoOutcome; eventKey: string; at: Date }> = [];
  const published: Array<{ topic: string; event: unknown }> = [];
  let deliveriesSent = 0;
  const fakes = {
    /** What metadata extraction does; by default it extracts for registered videos. */
    extract: async (videoId: string): Promise<VideoMetadata | undefined> => (registered.has(videoId) ? metadataOf(videoId) : undefined),
    /** The renditions a finished job left; by default one ready 480p. */
    renditionsOf: (videoId: string): Rendition[] => [aReadyRendition({ videoId, preset: '480p' })],
  };
  const handlers = createPipelineHandlers({
    videos: { renditionsOf: async (videoIds) => new Map(videoIds.map((videoId) => [videoId, fakes.renditionsOf(videoId)])) },
    transcoding: {
      startForUpload: async (videoId) => {
        started.push(videoId);
        return registered.has(videoId) ? anUploadJob(videoId) : undefined;
      },
    },
    metadata: {
      extract: async (videoId) => {
        steps.push(`extract ${videoId}`);
        return fakes.extract(videoId);
      },
    },
    outcomes: {
      record: async (videoId, outcome, eventKey, at) => {
        steps.push(`record ${eventKey}`);
        recorded.push({ videoId, outcome, eventKey, at });
        if (!registered.has(videoId)) return undefined;
        const video = aVideo({ id: videoId, ownerId: randomUUID(), status: outcome.status, error: outcome.status === 'failed' ? outcome.error : null });
        return toVideoView(video, []);
      },
    },
    storage: { stat: async (key) => (stored.has(key) ? { key, sizeBytes: 28_324 } : undefined) },
    publish: async (topic, event) => {
      steps.push(`publish ${topic}`);
      published.push({ topic, event });
    },
    sendDeliveries: () => {
      deliveriesSent += 1;
    },
    clock: new FixedClock(now),
  });

  /** A video whose upload is complete: its original stored and its row registered. */
  const uploadedVideo = () => {
    const videoId = randomUUID();
    registered.add(videoId);
    stored.add(sourceKeyOf(videoId));
    return videoId;
  };

  return { handlers, fakes, registered, stored, steps, started, recorded, published, deliveriesSent: () => deliveriesSent, uploadedVideo };
}

describe('pipeline handlers', () => {
  describe('onStoredObjects', () => {
    it('starts the transcode of an uploaded original', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();

      await pipeline.handlers.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

      expect(pipeline.started).toEqual([videoId]);
    });

    it('starts one transcode per original when an event announces several objects', async () => {
      const pipeline = aPipeline();
      const first = pipeline.uploadedVideo();
      const second = pipeline.uploadedVideo();

      await pipeline.handlers.onStoredObjects(storedObjectsEvent(sourceKeyOf(first), `${jobOutputPrefix(first, randomUUID(), '480p')}480p.mp4`, sourceKeyOf(second)));

      expect(pipeline.started).toEqual([first, second]);
    });

    it.each([
      ['an mp4 output of a job', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), '720p')}720p.mp4`],
      ['an HLS master playlist', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), 'hls')}master.m3u8`],
      ['an HLS segment', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), 'hls')}480p/segment_000.ts`],
      ['a key outside videos/', () => 'exports/report.csv'],
    ])('ignores %s, so its own outputs never restart the pipeline', async (_name, keyOf) => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();

      await pipeline.handlers.onStoredObjects(storedObjectsEvent(keyOf(videoId)));

      expect(pipeline.started).toEqual([]);
    });

    it('ignores the test event S3 sends when the notification is set up, bare or through SNS', async () => {
      const pipeline = aPipeline();

      await pipeline.handlers.onStoredObjects(s3TestEvent);
      await pipeline.handlers.onStoredObjects(viaSns(s3TestEvent));

      expect(pipeline.started).toEqual([]);
    });

    it('reads S3 events wrapped in an SNS envelope', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();

      await pipeline.handlers.onStoredObjects(viaSns(storedObjectsEvent(sourceKeyOf(videoId))));

      expect(pipeline.started).toEqual([videoId]);
    });

    it('fails while the original is stored but its video not yet registered, so the event comes again', async () => {
      const pipeline = aPipeline();
      const videoId = randomUUID();
      pipeline.stored.add(sourceKeyOf(videoId));

      await expect(pipeline.handlers.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)))).rejects.toThrow(
        `No video is registered for ${sourceKeyOf(videoId)} yet`,
      );

      pipeline.registered.add(videoId);
      await pipeline.handlers.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));
      expect(pipeline.started).toEqual([videoId, videoId]);
    });

    it('does nothing, without failing, when the original is gone (the upload failed or the video was deleted)', async () => {
      const pipeline = aPipeline();
      const videoId = randomUUID();

      await expect(pipeline.handlers.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)))).resolves.toBeUndefined();
    });

    it('fails on an event that is not an S3 event', async () => {
      const pipeline = aPipeline();

      await expect(pipeline.handlers.onStoredObjects({ Records: [{ eventSource: 'aws:sqs' }] })).rejects.toBeInstanceOf(MalformedEventError);
    });
  });

  describe('onJobState', () => {
    it('extracts the metadata of a completed job’s video, then records it ready and announces it on the outcomes topic', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();
      const jobId = randomUUID();
      const eventKey = `video.ready:${videoId}:${jobId}`;

      await pipeline.handlers.onJobState(jobStateEvent('COMPLETE', { videoId, jobId }));

      expect(pipeline.steps).toEqual([`extract ${videoId}`, `record ${eventKey}`, `publish ${topics.videoOutcomes}`]);
      expect(pipeline.recorded).toEqual([{ videoId, outcome: { status: 'ready' }, eventKey, at: now }]);
      const [announcement] = pipeline.published;
      expect(announcement?.event).toMatchObject({ Records: [{ Sns: { TopicArn: videoOutcomeTopicArn, Subject: 'video.ready', Timestamp: now.toISOString() } }] });
      expect(readSnsMessages(announcement?.event)).toEqual([{ event: 'video.ready', eventKey, videoId, occurredAt: now.toISOString() }]);
    });

    it('fails a video whose every preset was skipped, saying that each would have upscaled it', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();
      const jobId = randomUUID();
      pipeline.fakes.renditionsOf = (id) => ['1080p', '720p', '480p', 'hls'].map((preset) => aRenditionWithoutFile({ videoId: id, preset, status: 'skipped' }));

      await pipeline.handlers.onJobState(jobStateEvent('COMPLETE', { videoId, jobId }));

      expect(pipeline.recorded).toEqual([
        {
          videoId,
          outcome: { status: 'failed', error: { code: 'source_too_small', message: 'Every preset would upscale a 320×240 video: the smallest, 480p, needs at least 480 lines' } },
          eventKey: `video.failed:${videoId}:${jobId}`,
          at: now,
        },
      ]);
    });

    it('fails the video, with the probe’s reason, when its original cannot be read', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();
      const jobId = randomUUID();
      const unreadable = new MediaUnreadableError('moov atom not found');
      pipeline.fakes.extract = async () => {
        throw unreadable;
      };

      await pipeline.handlers.onJobState(jobStateEvent('COMPLETE', { videoId, jobId }));

      expect(pipeline.recorded).toEqual([
        { videoId, outcome: { status: 'failed', error: { code: 'media_unreadable', message: unreadable.message } }, eventKey: `video.failed:${videoId}:${jobId}`, at: now },
      ]);
      expect(readSnsMessages(pipeline.published[0]?.event)).toEqual([
        { event: 'video.failed', eventKey: `video.failed:${videoId}:${jobId}`, videoId, occurredAt: now.toISOString() },
      ]);
    });

    it('lets any other extraction failure fail the handler, recording nothing, so the event is retried', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();
      pipeline.fakes.extract = async () => {
        throw new Error('ffprobe: spawn EAGAIN');
      };

      await expect(pipeline.handlers.onJobState(jobStateEvent('COMPLETE', { videoId, jobId: randomUUID() }))).rejects.toThrow('ffprobe: spawn EAGAIN');
      expect(pipeline.recorded).toEqual([]);
      expect(pipeline.published).toEqual([]);
    });

    it('stops without an outcome when the video was deleted before its metadata was extracted', async () => {
      const pipeline = aPipeline();

      await pipeline.handlers.onJobState(jobStateEvent('COMPLETE', { videoId: randomUUID(), jobId: randomUUID() }));

      expect(pipeline.recorded).toEqual([]);
      expect(pipeline.published).toEqual([]);
    });

    it.each([
      [1010, 'media_unreadable'],
      [1040, 'transcode_failed'],
      [1550, 'too_many_attempts'],
      [1999, 'internal'],
      [1030, 'transcode_failed'],
    ])('fails the video of a job that ended in error %i as %s, with the job’s message, without extracting metadata', async (errorCode, code) => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();
      const jobId = randomUUID();

      await pipeline.handlers.onJobState(jobStateEvent('ERROR', { videoId, jobId }, { errorCode, errorMessage: 'Transcoding to 720p failed: Invalid data' }));

      expect(pipeline.steps).toEqual([`record video.failed:${videoId}:${jobId}`, `publish ${topics.videoOutcomes}`]);
      expect(pipeline.recorded[0]?.outcome).toEqual({ status: 'failed', error: { code, message: 'Transcoding to 720p failed: Invalid data' } });
    });

    it('gives a job error without a message a readable one', async () => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();

      await pipeline.handlers.onJobState(jobStateEvent('ERROR', { videoId, jobId: randomUUID() }));

      expect(pipeline.recorded[0]?.outcome).toEqual({ status: 'failed', error: { code: 'transcode_failed', message: 'Transcoding failed' } });
    });

    it('announces nothing when the video to fail no longer exists', async () => {
      const pipeline = aPipeline();

      await pipeline.handlers.onJobState(jobStateEvent('ERROR', { videoId: randomUUID(), jobId: randomUUID() }, { errorCode: 1040 }));

      expect(pipeline.recorded).toHaveLength(1);
      expect(pipeline.published).toEqual([]);
    });

    it.each(['SUBMITTED', 'PROGRESSING', 'STATUS_UPDATE', 'CANCELED'] as const)('ignores a job in state %s', async (status) => {
      const pipeline = aPipeline();
      const videoId = pipeline.uploadedVideo();

      await pipeline.handlers.onJobState(jobStateEvent(status, { videoId, jobId: randomUUID() }));

      expect(pipeline.steps).toEqual([]);
    });

    it.each([
      ['no user metadata', {}],
      ['no jobId in it', { videoId: randomUUID() }],
      ['no videoId in it', { jobId: randomUUID() }],
    ])('refuses a job state event with %s', async (_name, userMetadata) => {
      const pipeline = aPipeline();

      await expect(pipeline.handlers.onJobState(jobStateEvent('COMPLETE', userMetadata))).rejects.toBeInstanceOf(MalformedEventError);
      expect(pipeline.steps).toEqual([]);
    });

    it('refuses an event that is not a MediaConvert job state change', async () => {
      const pipeline = aPipeline();

      await expect(pipeline.handlers.onJobState(storedObjectsEvent('videos/x/source'))).rejects.toBeInstanceOf(MalformedEventError);
    });
  });

  describe('onVideoOutcome', () => {
    it('sends the deliveries the outcome put in the outbox', async () => {
      const pipeline = aPipeline();
      const message = { event: 'video.ready', eventKey: `video.ready:${randomUUID()}:${randomUUID()}`, videoId: randomUUID(), occurredAt: now.toISOString() };

      await pipeline.handlers.onVideoOutcome(toSnsEnvelope({ topicArn: videoOutcomeTopicArn, subject: 'video.ready', message, time: now }));

      expect(pipeline.deliveriesSent()).toBe(1);
    });

    it('refuses an event that is not an SNS delivery, sending nothing', async () => {
      const pipeline = aPipeline();

      await expect(pipeline.handlers.onVideoOutcome({ detail: {} })).rejects.toBeInstanceOf(MalformedEventError);
      expect(pipeline.deliveriesSent()).toBe(0);
    });
  });
});
