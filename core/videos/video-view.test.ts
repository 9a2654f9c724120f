import { describe, expect, it } from 'vitest';
import { aReadyRendition, aRenditionWithoutFile, aVideo } from './videos-test-kit';
import { renditionUrl, toVideoView } from './video-view';

const ownerId = '11111111-2222-4333-8444-555555555555';
const videoId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('toVideoView', () => {
  it('shows a video as the legacy Video object: ISO times, no storage keys', () => {
    const video = aVideo({
      id: videoId,
      ownerId,
      status: 'failed',
      error: { code: 'media_unreadable', message: 'The file could not be read as video' },
      createdAt: new Date('2026-11-23T10:00:00.000Z'),
      updatedAt: new Date('2026-11-23T10:00:05.250Z'),
    });

    expect(toVideoView(video, [])).toStrictEqual({
      id: videoId,
      ownerId,
      title: 'Holiday in Lisbon',
      status: 'failed',
      sourceSizeBytes: 1_048_576,
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:05.250Z',
      renditions: [],
      error: { code: 'media_unreadable', message: 'The file could not be read as video' },
    });
  });

  it('lists renditions in ladder order (1080p, 720p, 480p, hls), whatever order they were stored in', () => {
    const renditions = ['hls', '480p', '1080p', '720p'].map((preset) => aReadyRendition({ videoId, preset }));

    const view = toVideoView(aVideo({ id: videoId, ownerId }), renditions);

    expect(view.renditions.map((rendition) => rendition.preset)).toEqual(['1080p', '720p', '480p', 'hls']);
  });

  it('gives a ready rendition its download URL, size and bitrate, and no storage details', () => {
    const rendition = aReadyRendition({ videoId, preset: '720p', width: 1280, height: 720, bitrateKbps: 2928, sizeBytes: 7_340_032 });

    const [view] = toVideoView(aVideo({ id: videoId, ownerId }), [rendition]).renditions;

    expect(view).toStrictEqual({
      preset: '720p',
      status: 'ready',
      url: `/api/videos/${videoId}/renditions/720p`,
      width: 1280,
      height: 720,
      bitrateKbps: 2928,
      sizeBytes: 7_340_032,
    });
  });

  it.each(['pending', 'failed', 'skipped'] as const)('shows a %s rendition without URL or measurements, even when some are stored', (status) => {
    const rendition = { ...aReadyRendition({ videoId, preset: '1080p' }), status };

    const [view] = toVideoView(aVideo({ id: videoId, ownerId }), [rendition]).renditions;

    expect(view).toStrictEqual({ preset: '1080p', status, url: null, width: null, height: null, bitrateKbps: null, sizeBytes: null });
  });

  it('does not reorder the renditions it was given', () => {
    const renditions = [aRenditionWithoutFile({ videoId, preset: 'hls', status: 'pending' }), aReadyRendition({ videoId, preset: '480p' })];

    toVideoView(aVideo({ id: videoId, ownerId }), renditions);

    expect(renditions.map((rendition) => rendition.preset)).toEqual(['hls', '480p']);
  });
});

describe('renditionUrl', () => {
  it('is the API path a rendition is downloaded from', () => {
    expect(renditionUrl(videoId, 'hls')).toBe(`/api/videos/${videoId}/renditions/hls`);
  });
});
