import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '../events/event.errors';
import { InMemoryFlagStore } from '../flags/adapters/in-memory-flag.store';
import { CapabilityOwnership, type Side } from '../flags/capability-ownership';
import type { MediaInfo, MediaProbe } from '../media/media-info';
import { MetadataService } from '../metadata/metadata.service';
import { aVideoEvent } from '../notifications/notifications-test-kit';
import { FakeProbe, UnreadableProbe } from '../transcoding/transcoding-test-kit';
import { jobOutputPrefix, sourceKeyOf } from '../videos/video-keys';
import { aVideo, InMemoryVideoStore } from '../videos/videos-test-kit';
import { metadataEventHandlers } from './metadata.event-handlers';
import {
  flipCapability,
  InMemoryMetadataStore,
  InMemoryObjects,
  now,
  outcomeMessageOf,
  readAnnouncements,
  RecordingPublisher,
  RecordingSettler,
  s3TestEvent,
  stoppedClock,
  storedObjectsEvent,
  viaStorageTopic,
} from './pipeline-test-kit';
import { SourceNotRegisteredError } from './source-not-registered.error';
import { topics, videoOutcomeTopicArn } from './topics';

/** A probe whose file cannot be reached at all: not the file's fault, so worth a retry. */
class BrokenProbe implements MediaProbe {
  async probe(): Promise<MediaInfo> {
    throw new Error('spawn ffprobe EAGAIN');
  }
}

/** The metadata handlers of both sides over one flag store, the real MetadataService and in-memory stores. */
function aMetadataRig(probe: MediaProbe = new FakeProbe({ width: 1280, height: 720 })) {
  const flags = new InMemoryFlagStore();
  const videos = new InMemoryVideoStore();
  const store = new InMemoryMetadataStore();
  const objects = new InMemoryObjects();
  const settler = new RecordingSettler();
  const publisher = new RecordingPublisher();
  const metadata = new MetadataService({ store, videos, probe, clock: stoppedClock(), localPathOf: (key) => `/srv/storage/${key}` });
  const handlersOf = (side: Side) =>
    metadataEventHandlers({ ownership: new CapabilityOwnership(flags, side), metadata, storage: objects, settler, publish: publisher.publish, clock: stoppedClock() });

  /** A video whose upload is complete: its original stored and its row registered. */
  const uploadedVideo = async () => {
    const video = aVideo({ ownerId: randomUUID() });
    await videos.create(video);
    objects.store(video.sourceKey);
    return video.id;
  };

  return { flags, videos, store, objects, settler, publisher, monolith: handlersOf('monolith'), lambda: handlersOf('lambda'), uploadedVideo };
}

describe('metadata event handlers: onStoredObjects', () => {
  it('extracts the metadata of an uploaded original, then settles its video', async () => {
    const rig = aMetadataRig(new FakeProbe({ width: 854, height: 480 }));
    const videoId = await rig.uploadedVideo();

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

    expect(rig.store.records.get(videoId)).toMatchObject({ videoId, extractedAt: now, video: { width: 854, height: 480 } });
    expect(rig.settler.settled).toEqual([{ videoId, at: now }]);
  });

  it('announces the outcome when settling returns one, and nothing when the video is still pending', async () => {
    const rig = aMetadataRig();
    const pending = await rig.uploadedVideo();
    const settled = await rig.uploadedVideo();

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(pending)));
    const outcome = aVideoEvent(randomUUID(), { videoId: settled });
    rig.settler.answer = outcome;
    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(settled)));

    expect(readAnnouncements(rig.publisher.published)).toEqual([
      { topic: topics.videoOutcomes, topicArn: videoOutcomeTopicArn, subject: 'video.ready', messages: [outcomeMessageOf(outcome)] },
    ]);
  });

  it('extracts each original an event announces, through SNS too, and skips derived files', async () => {
    const rig = aMetadataRig();
    const first = await rig.uploadedVideo();
    const second = await rig.uploadedVideo();

    await rig.monolith.onStoredObjects(viaStorageTopic(storedObjectsEvent(`${jobOutputPrefix(first, randomUUID(), 'hls')}master.m3u8`, sourceKeyOf(first), sourceKeyOf(second))));

    expect([...rig.store.records.keys()]).toEqual([first, second]);
    expect(rig.settler.settled.map((call) => call.videoId)).toEqual([first, second]);
  });

  it('does nothing for derived files and the s3:TestEvent', async () => {
    const rig = aMetadataRig();
    const videoId = await rig.uploadedVideo();

    await rig.monolith.onStoredObjects(storedObjectsEvent(`${jobOutputPrefix(videoId, randomUUID(), '720p')}720p.mp4`));
    await rig.monolith.onStoredObjects(s3TestEvent);

    expect(rig.store.records.size).toBe(0);
    expect(rig.settler.settled).toEqual([]);
  });

  it('fails the video with the reason when its original is unreadable, and announces it', async () => {
    const rig = aMetadataRig(new UnreadableProbe());
    const videoId = await rig.uploadedVideo();
    const outcome = aVideoEvent(randomUUID(), { videoId, name: 'video.failed' });
    rig.settler.answer = outcome;

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

    expect(rig.settler.failed).toEqual([{ videoId, error: { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' }, at: now }]);
    expect(rig.settler.settled).toEqual([]);
    expect(rig.store.records.size).toBe(0);
    expect(readAnnouncements(rig.publisher.published).map((announcement) => announcement.messages)).toEqual([[outcomeMessageOf(outcome)]]);
  });

  it('announces nothing for an unreadable original whose video is settled already', async () => {
    const rig = aMetadataRig(new UnreadableProbe());
    const videoId = await rig.uploadedVideo();

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

    expect(rig.settler.failed).toHaveLength(1);
    expect(rig.publisher.published).toEqual([]);
  });

  it('lets any other probe error propagate, so the event is retried, without failing the video', async () => {
    const rig = aMetadataRig(new BrokenProbe());
    const videoId = await rig.uploadedVideo();

    await expect(rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)))).rejects.toThrow('spawn ffprobe EAGAIN');
    expect(rig.settler.failed).toEqual([]);
    expect(rig.settler.settled).toEqual([]);
    expect(rig.publisher.published).toEqual([]);
  });

  it('lets a settling error propagate, without failing the video', async () => {
    const rig = aMetadataRig();
    const videoId = await rig.uploadedVideo();
    rig.settler.settleError = new Error('deadlock detected');

    await expect(rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)))).rejects.toThrow('deadlock detected');
    expect(rig.settler.failed).toEqual([]);
  });

  it('fails so the event comes again when the original is stored before its video is registered', async () => {
    const rig = aMetadataRig();
    const video = aVideo({ ownerId: randomUUID() });
    rig.objects.store(video.sourceKey);

    await expect(rig.monolith.onStoredObjects(storedObjectsEvent(video.sourceKey))).rejects.toThrow(SourceNotRegisteredError);
    expect(rig.settler.settled).toEqual([]);

    await rig.videos.create(video);
    await rig.monolith.onStoredObjects(storedObjectsEvent(video.sourceKey));
    expect(rig.store.records.has(video.id)).toBe(true);
  });

  it('acknowledges the event of a video deleted since (no row, no original)', async () => {
    const rig = aMetadataRig();
    const videoId = randomUUID();

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

    expect(rig.objects.statted).toEqual([sourceKeyOf(videoId)]);
    expect(rig.settler.settled).toEqual([]);
    expect(rig.publisher.published).toEqual([]);
  });

  it('refuses an event that is no S3 event', async () => {
    const rig = aMetadataRig();

    await expect(rig.monolith.onStoredObjects({ 'detail-type': 'Scheduled Event', source: 'aws.events' })).rejects.toThrow(MalformedEventError);
  });

  it('acts only on the side that owns metadata, following a flip at the next event', async () => {
    const rig = aMetadataRig();
    const videoId = await rig.uploadedVideo();
    const event = storedObjectsEvent(sourceKeyOf(videoId));

    await rig.lambda.onStoredObjects(event);
    expect(rig.store.records.size).toBe(0);
    await rig.monolith.onStoredObjects(event);
    expect(rig.settler.settled).toHaveLength(1);

    await flipCapability(rig.flags, 'metadata', 'lambda');
    await rig.monolith.onStoredObjects(event);
    expect(rig.settler.settled).toHaveLength(1);
    await rig.lambda.onStoredObjects(event);
    expect(rig.settler.settled).toHaveLength(2);
  });

  it('ignores a flip of another capability', async () => {
    const rig = aMetadataRig();
    const videoId = await rig.uploadedVideo();
    await flipCapability(rig.flags, 'transcoding', 'lambda');

    await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

    expect(rig.settler.settled).toHaveLength(1);
  });
});
