import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '../events/event.errors';
import { InMemoryFlagStore } from '../flags/adapters/in-memory-flag.store';
import { CapabilityOwnership, type Side } from '../flags/capability-ownership';
import { aVideoEvent } from '../notifications/notifications-test-kit';
import type { TranscodeJob } from '../transcoding/transcode-job';
import type { RenditionOutput } from '../transcoding/transcode-job.store';
import { aJob } from '../transcoding/transcoding-test-kit';
import type { Failure } from '../videos/video';
import { toJobStateEvent } from '../events/mediaconvert-job-state';
import { jobOutputPrefix, sourceKeyOf } from '../videos/video-keys';
import {
  flipCapability,
  InMemoryObjects,
  jobStateEvent,
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
import { transcodingEventHandlers } from './transcoding.event-handlers';

/** The transcoding handlers of both sides over one flag store and the same fakes. */
function aTranscodingRig() {
  const flags = new InMemoryFlagStore();
  const registered = new Set<string>();
  const objects = new InMemoryObjects();
  const settler = new RecordingSettler();
  const publisher = new RecordingPublisher();
  /** Videos startForUpload was asked for, in order. */
  const started: string[] = [];
  // Like TranscodingService.startForUpload: the upload's job for a registered video, undefined for none.
  const transcoding = {
    startForUpload: async (videoId: string): Promise<TranscodeJob | undefined> => {
      started.push(videoId);
      return registered.has(videoId) ? aJob(videoId, { idempotencyKey: `upload:${videoId}` }) : undefined;
    },
  };
  // Jobs by id, and what the handlers recorded on them (as MediaConvert's job-state events require).
  const jobRows = new Map<string, TranscodeJob>();
  const recorded: Array<{ jobId: string; completedWith?: readonly RenditionOutput[]; failedWith?: Failure }> = [];
  const jobs = {
    findById: async (id: string) => jobRows.get(id),
    complete: async (jobId: string, outputs: readonly RenditionOutput[]) => {
      recorded.push({ jobId, completedWith: outputs });
      return [];
    },
    fail: async (jobId: string, error: Failure) => {
      recorded.push({ jobId, failedWith: error });
      return true;
    },
  };
  const handlersOf = (side: Side) =>
    transcodingEventHandlers({ ownership: new CapabilityOwnership(flags, side), transcoding, jobs, storage: objects, settler, publish: publisher.publish, clock: stoppedClock() });

  /** A video whose upload is complete: its original stored and its row registered. */
  const uploadedVideo = () => {
    const videoId = randomUUID();
    registered.add(videoId);
    objects.store(sourceKeyOf(videoId));
    return videoId;
  };

  return { flags, registered, objects, settler, publisher, started, jobRows, recorded, monolith: handlersOf('monolith'), lambda: handlersOf('lambda'), uploadedVideo };
}

describe('transcoding event handlers', () => {
  describe('onStoredObjects', () => {
    it('starts the transcode of an uploaded original', async () => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();

      await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

      expect(rig.started).toEqual([videoId]);
    });

    it('starts exactly the jobs of the originals an event announces, skipping its derived files', async () => {
      const rig = aTranscodingRig();
      const first = rig.uploadedVideo();
      const second = rig.uploadedVideo();

      await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(first), `${jobOutputPrefix(first, randomUUID(), '480p')}480p.mp4`, sourceKeyOf(second)));

      expect(rig.started).toEqual([first, second]);
    });

    it('reads S3 events that arrive wrapped in SNS', async () => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();

      await rig.monolith.onStoredObjects(viaStorageTopic(storedObjectsEvent(sourceKeyOf(videoId))));

      expect(rig.started).toEqual([videoId]);
    });

    it.each([
      ['an mp4 rendition', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), '720p')}720p.mp4`],
      ['an HLS master playlist', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), 'hls')}master.m3u8`],
      ['an HLS segment', (videoId: string) => `${jobOutputPrefix(videoId, randomUUID(), 'hls')}480p/index0.ts`],
      ['a file named like a source one level down', (videoId: string) => `videos/${videoId}/jobs/source`],
      ['a source of an id that is no UUID', () => 'videos/not-a-uuid/source'],
      ['a source outside videos/', (videoId: string) => `uploads/${videoId}/source`],
    ])('does nothing for %s', async (_case, keyOf) => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();
      const key = keyOf(videoId);
      rig.objects.store(key);

      await rig.monolith.onStoredObjects(storedObjectsEvent(key));

      expect(rig.started).toEqual([]);
    });

    it('does nothing for the s3:TestEvent, direct or through SNS', async () => {
      const rig = aTranscodingRig();

      await rig.monolith.onStoredObjects(s3TestEvent);
      await rig.monolith.onStoredObjects(viaStorageTopic(s3TestEvent));

      expect(rig.started).toEqual([]);
    });

    it('ignores ObjectRemoved records', async () => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();
      const [record] = storedObjectsEvent(sourceKeyOf(videoId)).Records;
      if (!record) throw new Error('the builder made no record');

      await rig.monolith.onStoredObjects({ Records: [{ ...record, eventName: 'ObjectRemoved:Delete' }] });

      expect(rig.started).toEqual([]);
    });

    describe('URL-encoded keys', () => {
      it('decodes the key before reading it: an encoded source key starts its video', async () => {
        const rig = aTranscodingRig();
        const videoId = rig.uploadedVideo();

        await rig.monolith.onStoredObjects(withRawKey(encodeURIComponent(sourceKeyOf(videoId))));

        expect(rig.started).toEqual([videoId]);
      });

      it("reads '+' as a space, so 'source+' is not the source", async () => {
        const rig = aTranscodingRig();
        const videoId = rig.uploadedVideo();

        await rig.monolith.onStoredObjects(withRawKey(`${sourceKeyOf(videoId)}+`));

        expect(rig.started).toEqual([]);
      });

      it('skips a derived key with spaces and accents as S3 encodes it', async () => {
        const rig = aTranscodingRig();
        const videoId = rig.uploadedVideo();

        await rig.monolith.onStoredObjects(storedObjectsEvent(`${jobOutputPrefix(videoId, randomUUID(), 'hls')}my clip é.ts`));

        expect(rig.started).toEqual([]);
      });

      it('refuses a key that is not valid URL encoding, starting nothing', async () => {
        const rig = aTranscodingRig();
        const videoId = rig.uploadedVideo();

        const handling = rig.monolith.onStoredObjects(withRawKey(`videos/${videoId}/%E0%A4%A`));

        await expect(handling).rejects.toThrow(MalformedEventError);
        expect(rig.started).toEqual([]);
      });
    });

    it('fails so the event comes again when the original is stored before its video is registered', async () => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();
      rig.objects.store(sourceKeyOf(videoId));

      const early = rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

      await expect(early).rejects.toThrow(SourceNotRegisteredError);
      await expect(early).rejects.toThrow(`No video is registered for ${sourceKeyOf(videoId)} yet`);
      rig.registered.add(videoId);
      await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));
      expect(rig.started).toEqual([videoId, videoId]);
    });

    it('acknowledges the event of a video deleted since (no row, no original)', async () => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();

      await rig.monolith.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

      expect(rig.started).toEqual([videoId]);
      expect(rig.objects.statted).toEqual([sourceKeyOf(videoId)]);
    });

    it('refuses an event that is no S3 event', async () => {
      const rig = aTranscodingRig();

      await expect(rig.monolith.onStoredObjects({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).rejects.toThrow(MalformedEventError);
      await expect(rig.monolith.onStoredObjects(null)).rejects.toThrow(MalformedEventError);
    });

    it('acts only on the side that owns transcoding, following a flip at the next event', async () => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();
      const event = storedObjectsEvent(sourceKeyOf(videoId));

      await rig.lambda.onStoredObjects(event);
      expect(rig.started).toEqual([]);
      await rig.monolith.onStoredObjects(event);
      expect(rig.started).toEqual([videoId]);

      await flipCapability(rig.flags, 'transcoding', 'lambda');
      await rig.monolith.onStoredObjects(event);
      expect(rig.started).toEqual([videoId]);
      await rig.lambda.onStoredObjects(event);
      expect(rig.started).toEqual([videoId, videoId]);
    });

    it('does not throw for an unregistered original on the side that does not own transcoding', async () => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();
      rig.objects.store(sourceKeyOf(videoId));

      await rig.lambda.onStoredObjects(storedObjectsEvent(sourceKeyOf(videoId)));

      expect(rig.started).toEqual([]);
    });
  });

  describe('onJobState: recording what MediaConvert did', () => {
    it('records the renditions of a COMPLETE job nobody recorded yet, from the event and storage', async () => {
      const rig = aTranscodingRig();
      const videoId = rig.uploadedVideo();
      const job = aJob(videoId, { status: 'queued' });
      rig.jobRows.set(job.id, job);
      const mp4 = `${jobOutputPrefix(videoId, job.id, '480p')}source.mp4`;
      const master = `${jobOutputPrefix(videoId, job.id, 'hls')}source.m3u8`;
      rig.objects.store(mp4, 250_000);
      rig.objects.store(master, 300);
      const output = (path: string, width: number, height: number) => ({ outputFilePaths: [path], durationInMs: 2000, videoDetails: { widthInPx: width, heightInPx: height } });
      const event = toJobStateEvent({
        jobId: 'mc-1',
        status: 'COMPLETE',
        time: now,
        userMetadata: { videoId, jobId: job.id },
        outputGroupDetails: [
          { type: 'FILE_GROUP', outputDetails: [output(`s3://renditions/${mp4}`, 854, 480)] },
          { type: 'HLS_GROUP', playlistFilePaths: [`s3://renditions/${master}`], outputDetails: [output('s3://renditions/v/source_480p.m3u8', 854, 480), output('s3://renditions/v/source_720p.m3u8', 1280, 720)] },
        ],
      });

      await rig.monolith.onJobState(event);

      expect(rig.recorded).toEqual([
        {
          jobId: job.id,
          completedWith: [
            { preset: '480p', storageKey: mp4, width: 854, height: 480, bitrateKbps: 1000, sizeBytes: 250_000 },
            { preset: 'hls', storageKey: master, width: 1280, height: 720, bitrateKbps: 1, sizeBytes: 300 },
          ],
        },
      ]);
      expect(rig.settler.settled).toHaveLength(1);
    });

    it('records an ERROR with the readable code of MediaConvert’s error number', async () => {
      const rig = aTranscodingRig();
      const job = aJob(rig.uploadedVideo(), { status: 'processing' });
      rig.jobRows.set(job.id, job);

      await rig.monolith.onJobState(toJobStateEvent({ jobId: 'mc-2', status: 'ERROR', time: now, userMetadata: { videoId: job.videoId, jobId: job.id }, errorCode: 1010, errorMessage: 'Unable to open input file' }));

      expect(rig.recorded).toEqual([{ jobId: job.id, failedWith: { code: 'media_unreadable', message: 'Unable to open input file' } }]);
    });

    it('leaves alone a job its transcoder recorded already (the local ffmpeg worker)', async () => {
      const rig = aTranscodingRig();
      const job = aJob(rig.uploadedVideo(), { status: 'complete' });
      rig.jobRows.set(job.id, job);

      await rig.monolith.onJobState(jobStateEvent('COMPLETE', { videoId: job.videoId, jobId: job.id }));

      expect(rig.recorded).toEqual([]);
      expect(rig.settler.settled).toHaveLength(1);
    });
  });

  describe('onJobState', () => {
    it.each(['COMPLETE', 'ERROR'] as const)('settles the video of a job that ended (%s) and announces the outcome', async (status) => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();
      const outcome = aVideoEvent(randomUUID(), { videoId, name: status === 'COMPLETE' ? 'video.ready' : 'video.failed' });
      rig.settler.answer = outcome;

      await rig.monolith.onJobState(jobStateEvent(status, { videoId, jobId: randomUUID() }));

      expect(rig.settler.settled).toEqual([{ videoId, at: now }]);
      expect(readAnnouncements(rig.publisher.published)).toEqual([
        { topic: topics.videoOutcomes, topicArn: videoOutcomeTopicArn, subject: outcome.name, messages: [outcomeMessageOf(outcome)] },
      ]);
    });

    it('announces nothing when the settler has nothing to announce (metadata still missing, or settled already)', async () => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();

      await rig.monolith.onJobState(jobStateEvent('COMPLETE', { videoId, jobId: randomUUID() }));

      expect(rig.settler.settled).toEqual([{ videoId, at: now }]);
      expect(rig.publisher.published).toEqual([]);
    });

    it.each(['PROGRESSING', 'SUBMITTED', 'STATUS_UPDATE'] as const)('does nothing for a job still running (%s)', async (status) => {
      const rig = aTranscodingRig();
      rig.settler.answer = aVideoEvent(randomUUID());

      await rig.monolith.onJobState(jobStateEvent(status, { videoId: randomUUID(), jobId: randomUUID() }));

      expect(rig.settler.settled).toEqual([]);
      expect(rig.publisher.published).toEqual([]);
    });

    it.each([
      ['no userMetadata at all', {}],
      ['no jobId', { videoId: '5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41' }],
      ['no videoId', { jobId: '0f6e1d7a-3c2b-4a90-8e5f-2b7c9d1a4e63' }],
      ['an empty videoId', { videoId: '', jobId: '0f6e1d7a-3c2b-4a90-8e5f-2b7c9d1a4e63' }],
    ])('refuses a job state with %s as malformed', async (_case, userMetadata) => {
      const rig = aTranscodingRig();

      const handling = rig.monolith.onJobState(jobStateEvent('COMPLETE', userMetadata));

      await expect(handling).rejects.toThrow(MalformedEventError);
      await expect(handling).rejects.toThrow('without videoId and jobId');
      expect(rig.settler.settled).toEqual([]);
    });

    it('refuses an event that is no MediaConvert job state change', async () => {
      const rig = aTranscodingRig();

      await expect(rig.monolith.onJobState(storedObjectsEvent(sourceKeyOf(randomUUID())))).rejects.toThrow(MalformedEventError);
      expect(rig.settler.settled).toEqual([]);
    });

    it('acts only on the side that owns transcoding, following a flip at the next event', async () => {
      const rig = aTranscodingRig();
      const videoId = randomUUID();
      const event = jobStateEvent('COMPLETE', { videoId, jobId: randomUUID() });

      await rig.lambda.onJobState(event);
      expect(rig.settler.settled).toHaveLength(0);
      await rig.monolith.onJobState(event);
      expect(rig.settler.settled).toHaveLength(1);

      await flipCapability(rig.flags, 'transcoding', 'lambda');
      await rig.monolith.onJobState(event);
      expect(rig.settler.settled).toHaveLength(1);
      await rig.lambda.onJobState(event);
      expect(rig.settler.settled).toHaveLength(2);
    });

    it('fails, so the event comes again, when settling fails', async () => {
      const rig = aTranscodingRig();
      rig.settler.settleError = new Error('connection terminated unexpectedly');

      await expect(rig.monolith.onJobState(jobStateEvent('COMPLETE', { videoId: randomUUID(), jobId: randomUUID() }))).rejects.toThrow('connection terminated unexpectedly');
      expect(rig.publisher.published).toEqual([]);
    });

    it('fails, so the event comes again, when the outcome cannot be announced', async () => {
      const rig = aTranscodingRig();
      rig.settler.answer = aVideoEvent(randomUUID());
      rig.publisher.failure = new Error('Lambda did not queue the event');

      await expect(rig.monolith.onJobState(jobStateEvent('ERROR', { videoId: randomUUID(), jobId: randomUUID() }))).rejects.toThrow('Lambda did not queue the event');
    });
  });
});

/** An S3 event of one record whose key is exactly `encodedKey`, as it would arrive on the wire. */
function withRawKey(encodedKey: string) {
  const event = storedObjectsEvent('placeholder');
  const [record] = event.Records;
  if (!record) throw new Error('the builder made no record');
  return { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, key: encodedKey } } }] };
}
