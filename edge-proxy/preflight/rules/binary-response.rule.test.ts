import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext, someLimits } from '../preflight.builder';
import { checkBinaryResponse } from './binary-response.rule';

const download = aPreflightRoute({ id: 'videos.rendition', functionName: null, traits: { responseBody: 'file' } });

describe('checkBinaryResponse', () => {
  it('warns that files cross Lambda base64-encoded, with the room that leaves', () => {
    const finding = checkBinaryResponse(download, aRuleContext({ fn: undefined }));

    expect(finding).toMatchObject({ rule: 'binary-response', severity: 'warning' });
    expect(finding?.problem).toContain('~4.5 MiB of file fits in the 6 MiB response');
    expect(finding?.handling).toContain('decodes isBase64Encoded bodies');
  });

  it('computes the room from the payload limit it is given', () => {
    const limits = someLimits({ lambdaSyncPayloadBytes: 4 * 1024 ** 2 });

    expect(checkBinaryResponse(download, aRuleContext({ limits }))?.problem).toContain('~3 MiB');
  });

  it.each(['json', 'empty'] as const)('finds nothing for a %s response', (responseBody) => {
    expect(checkBinaryResponse(aPreflightRoute({ traits: { responseBody } }), aRuleContext())).toBeUndefined();
  });
});
