import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jobOutputPrefix, sourceKeyOf, videoIdOfSourceKey, videoPrefix } from './video-keys';

const videoId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const jobId = '0a1b2c3d-4e5f-4061-8273-948596a7b8c9';

describe('video storage keys', () => {
  it('keeps everything of a video under videos/<id>/', () => {
    expect(videoPrefix(videoId)).toBe(`videos/${videoId}/`);
    expect(sourceKeyOf(videoId)).toBe(`videos/${videoId}/source`);
    expect(jobOutputPrefix(videoId, jobId, '720p')).toBe(`videos/${videoId}/jobs/${jobId}/720p/`);
  });

  it('gives every job its own output folder per preset', () => {
    expect(jobOutputPrefix(videoId, randomUUID(), 'hls')).not.toBe(jobOutputPrefix(videoId, randomUUID(), 'hls'));
    expect(jobOutputPrefix(videoId, jobId, 'hls')).not.toBe(jobOutputPrefix(videoId, jobId, '480p'));
  });
});

describe('videoIdOfSourceKey', () => {
  it('finds the video of an uploaded original', () => {
    const id = randomUUID();

    expect(videoIdOfSourceKey(sourceKeyOf(id))).toBe(id);
  });

  it.each([
    ['a job output', `${jobOutputPrefix(videoId, jobId, '720p')}720p.mp4`],
    ['an HLS master playlist', `${jobOutputPrefix(videoId, jobId, 'hls')}master.m3u8`],
    ['an HLS segment', `${jobOutputPrefix(videoId, jobId, 'hls')}480p/segment_000.ts`],
    ['a key below the source', `videos/${videoId}/source/extra`],
    ['a key that only starts like a source', `videos/${videoId}/source.bak`],
    ['a source under another top folder', `uploads/videos/${videoId}/source`],
    ['the video folder itself', `videos/${videoId}/`],
    ['a source whose id is too short', 'videos/6f1c2a3b/source'],
    ['a source whose id is not hexadecimal', 'videos/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/source'],
  ])('ignores %s', (_name, key) => {
    expect(videoIdOfSourceKey(key)).toBeUndefined();
  });
});
