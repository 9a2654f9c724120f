import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from './match-route';
import { routeTable } from './route-table';

const matchRoute = createRouteMatcher(routeTable);

describe('createRouteMatcher', () => {
  it('matches static and parameterised paths by method', () => {
    expect(matchRoute('POST', '/api/auth/signup')?.route.id).toBe('auth.signup');
    expect(matchRoute('GET', '/api/videos')?.route.id).toBe('videos.list');
    expect(matchRoute('POST', '/api/videos')?.route.id).toBe('videos.upload');
    expect(matchRoute('GET', '/api/videos/abc/renditions/720p')).toMatchObject({ route: { id: 'videos.rendition' }, rawPathParameters: { id: 'abc', preset: '720p' } });
  });

  it('matches a greedy {path+} parameter as one string of its segments, as API Gateway passes it', () => {
    expect(matchRoute('GET', '/api/videos/abc/renditions/hls/480p/segment_001.ts')).toMatchObject({
      route: { id: 'videos.hls-file' },
      rawPathParameters: { id: 'abc', path: '480p/segment_001.ts' },
    });
    expect(matchRoute('GET', '/api/videos/abc/renditions/hls')?.route.id).toBe('videos.rendition');
  });

  it('leaves parameters percent-encoded, as received', () => {
    expect(matchRoute('GET', '/api/videos/%C3%A9t%C3%A9')?.rawPathParameters).toEqual({ id: '%C3%A9t%C3%A9' });
    expect(matchRoute('GET', '/api/videos/%E0%A4%A')?.rawPathParameters).toEqual({ id: '%E0%A4%A' });
  });

  it('agrees with Express: case-insensitive, optional trailing slash', () => {
    expect(matchRoute('GET', '/API/Users/Me')?.route.id).toBe('auth.me');
    expect(matchRoute('GET', '/api/users/me/')?.route.id).toBe('auth.me');
  });

  it('matches nothing for other methods, deeper paths or unknown paths', () => {
    expect(matchRoute('DELETE', '/api/auth/signup')).toBeUndefined();
    expect(matchRoute('GET', '/api/users/me/extra')).toBeUndefined();
    expect(matchRoute('GET', '/nowhere')).toBeUndefined();
  });
});
