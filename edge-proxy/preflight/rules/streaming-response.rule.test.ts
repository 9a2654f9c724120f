import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext } from '../preflight.builder';
import { checkStreamingResponse } from './streaming-response.rule';

const download = aPreflightRoute({ id: 'videos.rendition', functionName: null, traits: { responseBody: 'file' } });

describe('checkStreamingResponse', () => {
  it('blocks streamed file downloads: a Lambda answers with one buffered payload', () => {
    const finding = checkStreamingResponse(download, aRuleContext({ fn: undefined }));

    expect(finding).toMatchObject({ rule: 'streaming-response', severity: 'blocker' });
    expect(finding?.problem).toContain('at most 6 MiB');
    expect(finding?.handling).toContain('Downloads stay on the monolith');
    expect(finding?.handling).toContain('Range slices under ~4.5 MiB');
  });

  it('does not claim the monolith keeps a route that has a function', () => {
    const withFunction = aPreflightRoute({ traits: { responseBody: 'file' } });

    expect(checkStreamingResponse(withFunction, aRuleContext())?.handling).not.toContain('stay on the monolith');
  });

  it.each(['json', 'empty'] as const)('finds nothing for a %s response', (responseBody) => {
    expect(checkStreamingResponse(aPreflightRoute({ traits: { responseBody } }), aRuleContext())).toBeUndefined();
  });
});
