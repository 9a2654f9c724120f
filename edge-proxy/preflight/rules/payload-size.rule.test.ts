import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext, someLimits } from '../preflight.builder';
import { checkPayloadSize } from './payload-size.rule';

const upload = aPreflightRoute({ id: 'videos.upload', method: 'POST', functionName: null, traits: { requestBody: 'upload' } });
const jsonWrite = aPreflightRoute({ id: 'auth.signup', method: 'POST', traits: { requestBody: 'json' } });

describe('checkPayloadSize', () => {
  it('blocks uploads larger than a base64-encoded Lambda payload, naming both limits', () => {
    const finding = checkPayloadSize(upload, aRuleContext({ fn: undefined }));

    expect(finding).toMatchObject({ rule: 'payload-size', severity: 'blocker' });
    expect(finding?.problem).toContain('up to 1 GiB (UPLOAD_LIMIT_BYTES)');
    expect(finding?.problem).toContain('6 MiB synchronously');
    expect(finding?.problem).toContain('about 4.5 MiB');
    expect(finding?.handling).toContain('stream to storage on the monolith');
    expect(finding?.handling).toContain('presigned URLs are not built yet');
  });

  it('finds nothing when the upload limit fits a Lambda payload even base64-encoded', () => {
    const limits = someLimits({ uploadLimitBytes: 4 * 1024 ** 2 });

    expect(checkPayloadSize(upload, aRuleContext({ limits }))).toBeUndefined();
  });

  it('counts the base64 growth: an upload limit of the whole payload does not fit', () => {
    const limits = someLimits({ uploadLimitBytes: 6 * 1024 ** 2 });

    expect(checkPayloadSize(upload, aRuleContext({ limits }))?.severity).toBe('blocker');
  });

  it('finds nothing for JSON bodies within the Lambda payload (100 KiB by default)', () => {
    expect(checkPayloadSize(jsonWrite, aRuleContext())).toBeUndefined();
  });

  it('warns when JSON_BODY_LIMIT_BYTES allows bodies a Lambda cannot take', () => {
    const finding = checkPayloadSize(jsonWrite, aRuleContext({ limits: someLimits({ jsonBodyLimitBytes: 8 * 1024 ** 2 }) }));

    expect(finding).toMatchObject({ rule: 'payload-size', severity: 'warning' });
    expect(finding?.problem).toContain('up to 8 MiB (JSON_BODY_LIMIT_BYTES)');
    expect(finding?.handling).toContain('413 payload_too_large');
  });

  it('finds nothing for a route without a request body', () => {
    const limits = someLimits({ jsonBodyLimitBytes: 8 * 1024 ** 2 });

    expect(checkPayloadSize(aPreflightRoute(), aRuleContext({ limits }))).toBeUndefined();
  });
});
