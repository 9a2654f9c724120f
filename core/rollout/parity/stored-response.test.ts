import { describe, expect, it } from 'vitest';
import { aCapturedResponse } from './captured-response.builder';
import { toStoredResponse } from './stored-response';
import { maxTrimmedBodyBytes } from './trim-body';

describe('toStoredResponse', () => {
  it('keeps status, headers and a trimmed body', () => {
    const stored = toStoredResponse(aCapturedResponse({ target: 'lambda', status: 201, body: Buffer.from('x'.repeat(5000)), bodyTruncated: true }));
    expect(stored).toEqual({
      target: 'lambda',
      status: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' },
      body: `${'x'.repeat(maxTrimmedBodyBytes)}… [5000 bytes in all]`,
      bodyTruncated: true,
    });
  });

  it('redacts tokens, secrets and passwords, and nothing else', () => {
    const body = JSON.stringify({ user: { id: 'u1', name: 'token' }, token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig', expiresIn: 3600, secret: 'whsec_\\"1', password: 'x' });
    expect(JSON.parse(toStoredResponse(aCapturedResponse({ body: Buffer.from(body) })).body)).toEqual({
      user: { id: 'u1', name: 'token' },
      token: '[redacted]',
      expiresIn: 3600,
      secret: '[redacted]',
      password: '[redacted]',
    });
  });

  it('redacts a secret that trimming cut short, and keeps the note of the cut', () => {
    const body = Buffer.from(`{"padding":"${'p'.repeat(maxTrimmedBodyBytes - 30)}","secret":"${'s'.repeat(100)}"}`);
    const stored = toStoredResponse(aCapturedResponse({ body })).body;
    expect(stored).not.toContain('sss');
    expect(stored).toMatch(/"secret":"\[redacted\]… \[\d+ bytes in all\]$/);
  });
});
