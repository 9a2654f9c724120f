import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toS3ObjectCreatedEvent } from '../events/s3-event';
import type { VideoMetadata } from '../metadata/metadata';
import { aVideoEvent } from '../notifications/notifications-test-kit';
import type { JobStateChange } from '../transcoding/job-state-change';
import type { TranscodeJob } from '../transcoding/transcode-job';
import { aJob } from '../transcoding/transcoding-test-kit';
import type { Video } from '../videos/video';
import { aVideo, InMemoryVideoStore } from '../videos/videos-test-kit';
import { InMemoryMetadataStore, InMemoryObjects, now, outcomeMessageOf, readAnnouncements, RecordingPublisher, RecordingSettler, stoppedClock } from './pipeline-test-kit';
import { reconcilePipeline } from './reconcile-pipeline';
import { topics, videoOutcomeTopicArn } from './topics';

const staleAfterMs = 15_000;
const bucket = 'videos-local';
const ago = (ms: number) => new Date(now.getTime() - ms);
/** Untouched for longer than the reconciler waits. */
const stale = ago(staleAfterMs + 1);

const metadataOf = (videoId: string): VideoMetadata => ({
  videoId,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 2,
  sizeBytes: 28_324,
  bitRate: 113_296,
  video: { codec: 'h264', width: 1280, height: 720, frameRate: 25, pixelFormat: 'yuv420p' },
  audio: null,
  extractedAt: stale,
});

/** The reconciler's ports in memory, recording what it re-announces. */
function aReconcilerRig() {
  const videos = new InMemoryVideoStore();
  const jobs = new Map<string, TranscodeJob>();
  const metadata = new InMemoryMetadataStore();
  const objects = new InMemoryObjects();
  const settler = new RecordingSettler();
  const publisher = new RecordingPublisher();
  const reported: JobStateChange[] = [];
  const deps = {
    videos,
    jobs: { findLatestForVideo: async (videoId: string) => jobs.get(videoId) },
    metadata,
    settler,
    storage: objects,
    bucket,
    publish: publisher.publish,
    reportJobState: async (change: JobStateChange) => {
      reported.push(change);
    },
    clock: stoppedClock(),
    staleAfterMs,
  };

  /** Stores a video (its original too, 4 MB, unless told not to), with its latest job and metadata if given. */
  const aStoredVideo = async (
    overrides: Partial<Video> & Pick<Video, 'status'>,
    { job, withMetadata = false, withSource = true }: { job?: Partial<TranscodeJob>; withMetadata?: boolean; withSource?: boolean } = {},
  ) => {
    const video = aVideo({ ownerId: randomUUID(), updatedAt: stale, ...overrides });
    await videos.create(video);
    if (withSource) objects.store(video.sourceKey, 4_194_304);
    if (withMetadata) await metadata.save(metadataOf(video.id));
    const latestJob = job && aJob(video.id, job);
    if (latestJob) jobs.set(video.id, latestJob);
    return { video, job: latestJob };
  };

  return { deps, settler, publisher, reported, aStoredVideo, reconcile: () => reconcilePipeline(deps) };
}

/** The S3 event the reconciler publishes for a video's original. */
const sourceStoredEvent = (video: Video) => toS3ObjectCreatedEvent({ bucket, key: video.sourceKey, sizeBytes: 4_194_304, eTag: '', time: now });

describe('reconcilePipeline', () => {
  it('announces again the original of a stale uploaded video that has no job', async () => {
    const rig = aReconcilerRig();
    const { video } = await rig.aStoredVideo({ status: 'uploaded' });

    const count = await rig.reconcile();

    expect(count).toBe(1);
    expect(rig.publisher.published).toEqual([{ topic: topics.storedObjects, event: sourceStoredEvent(video) }]);
    expect(rig.reported).toEqual([]);
  });

  it('leaves a video alone while it was touched within the stale window', async () => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status: 'uploaded', updatedAt: ago(staleAfterMs - 1) });
    await rig.aStoredVideo({ status: 'uploaded', updatedAt: now });

    const count = await rig.reconcile();

    expect(count).toBe(0);
    expect(rig.publisher.published).toEqual([]);
  });

  it.each(['queued', 'processing'] as const)('leaves a stale video alone while its job is %s, even without metadata', async (status) => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status } });

    const count = await rig.reconcile();

    expect(count).toBe(0);
    expect(rig.publisher.published).toEqual([]);
    expect(rig.reported).toEqual([]);
  });

  it('reports COMPLETE again for a transcoding video whose job completed and whose metadata is in', async () => {
    const rig = aReconcilerRig();
    const { video, job } = await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'complete' }, withMetadata: true });

    const count = await rig.reconcile();

    expect(count).toBe(1);
    expect(rig.reported).toEqual([{ status: 'COMPLETE', jobId: job?.id, videoId: video.id, at: now, outputs: [], durationMs: 0 }]);
    expect(rig.publisher.published).toEqual([]);
  });

  it("reports ERROR again with the failed job's error", async () => {
    const rig = aReconcilerRig();
    const error = { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' };
    const { video, job } = await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'failed', error }, withMetadata: true });

    await rig.reconcile();

    expect(rig.reported).toEqual([{ status: 'ERROR', jobId: job?.id, videoId: video.id, at: now, error }]);
  });

  it('reports a failed job without a recorded error as transcode_failed', async () => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'failed', error: null }, withMetadata: true });

    await rig.reconcile();

    expect(rig.reported).toMatchObject([{ status: 'ERROR', error: { code: 'transcode_failed', message: 'Transcoding failed' } }]);
  });

  it('announces both the original and COMPLETE when the job completed but the metadata never came, counting the video once', async () => {
    const rig = aReconcilerRig();
    const { video, job } = await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'complete' } });

    const count = await rig.reconcile();

    expect(count).toBe(1);
    expect(rig.publisher.published).toEqual([{ topic: topics.storedObjects, event: sourceStoredEvent(video) }]);
    expect(rig.reported).toEqual([{ status: 'COMPLETE', jobId: job?.id, videoId: video.id, at: now, outputs: [], durationMs: 0 }]);
  });

  it('announces no upload whose original is missing from storage, but still the end of its job', async () => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status: 'uploaded' }, { withSource: false });
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'failed' }, withSource: false });

    const count = await rig.reconcile();

    expect(count).toBe(1);
    expect(rig.publisher.published).toEqual([]);
    expect(rig.reported).toEqual([expect.objectContaining({ status: 'ERROR' })]);
  });

  it.each(['ready', 'failed'] as const)('leaves a %s video alone, whatever its job', async (status) => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status }, { job: { status: 'complete' } });

    const count = await rig.reconcile();

    expect(count).toBe(0);
    expect(rig.publisher.published).toEqual([]);
    expect(rig.reported).toEqual([]);
  });

  it('announces again, oldest first, the recorded outcomes notifications has not fanned out, once they are stale', async () => {
    const rig = aReconcilerRig();
    const older = aVideoEvent(randomUUID(), { occurredAt: ago(60_000) });
    const old = aVideoEvent(randomUUID(), { name: 'video.failed', occurredAt: stale });
    const fresh = aVideoEvent(randomUUID(), { occurredAt: ago(1_000) });
    rig.settler.recorded.push(old, fresh, older);

    const count = await rig.reconcile();

    expect(count).toBe(2);
    expect(readAnnouncements(rig.publisher.published)).toEqual([
      { topic: topics.videoOutcomes, topicArn: videoOutcomeTopicArn, subject: 'video.ready', messages: [outcomeMessageOf(older)] },
      { topic: topics.videoOutcomes, topicArn: videoOutcomeTopicArn, subject: 'video.failed', messages: [outcomeMessageOf(old)] },
    ]);
  });

  it('counts every video and outcome it re-announced, and nothing else', async () => {
    const rig = aReconcilerRig();
    await rig.aStoredVideo({ status: 'uploaded' });
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'failed' }, withMetadata: true });
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'complete' } });
    await rig.aStoredVideo({ status: 'uploaded', updatedAt: now });
    await rig.aStoredVideo({ status: 'transcoding' }, { job: { status: 'processing' } });
    await rig.aStoredVideo({ status: 'uploaded' }, { withSource: false });
    rig.settler.recorded.push(aVideoEvent(randomUUID(), { occurredAt: stale }));

    const count = await rig.reconcile();

    expect(count).toBe(4);
    expect(rig.publisher.published.map((published) => published.topic)).toEqual([topics.storedObjects, topics.storedObjects, topics.videoOutcomes]);
    expect(rig.reported.map((change) => change.status)).toEqual(['ERROR', 'COMPLETE']);
  });

  it('finds nothing to do in an empty pipeline', async () => {
    const rig = aReconcilerRig();

    expect(await rig.reconcile()).toBe(0);
  });
});
