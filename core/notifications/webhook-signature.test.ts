import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const secret = 'whsec_known';
const timestamp = '1700000000';
const rawBody = '{"id":"d1","event":"video.ready"}';
const now = new Date(1_700_000_000_000);

describe('signWebhook', () => {
  it('matches a known vector (computed with openssl dgst -sha256 -hmac)', () => {
    expect(signWebhook(secret, 1_700_000_000, rawBody)).toBe('v1=3b68952aa87dfb5d480144fda0273d31e355203857f3c8ea41a1cd7786e7211f');
  });

  it('is HMAC-SHA256 of "<timestamp>.<raw body>", whatever the body type', () => {
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
    expect(signWebhook(secret, timestamp, rawBody)).toBe(expected);
    expect(signWebhook(secret, timestamp, Buffer.from(rawBody))).toBe(expected);
  });
});

describe('verifyWebhookSignature', () => {
  const signature = signWebhook(secret, timestamp, rawBody);

  it('accepts the signature of the exact body on a recent timestamp', () => {
    expect(verifyWebhookSignature({ secret, timestamp, rawBody, signature, now })).toBe(true);
  });

  it('accepts a header listing the right signature beside an old one (secret rotation)', () => {
    const rotated = `${signWebhook('whsec_old', timestamp, rawBody)}, ${signature}`;
    expect(verifyWebhookSignature({ secret, timestamp, rawBody, signature: rotated, now })).toBe(true);
  });

  it.each([
    ['another secret', { secret: 'whsec_other' }],
    ['a changed body', { rawBody: rawBody.replace('d1', 'd2') }],
    ['another timestamp', { timestamp: '1700000001' }],
    ['a malformed timestamp', { timestamp: '17e8' }],
    ['a truncated signature', { signature: signature.slice(0, -2) }],
    ['an empty signature', { signature: '' }],
  ])('refuses %s', (_case, change) => {
    expect(verifyWebhookSignature({ secret, timestamp, rawBody, signature, now, ...change })).toBe(false);
  });

  it('refuses a timestamp outside the tolerance (a replayed request)', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature({ secret, timestamp, rawBody, signature, now: later })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, rawBody, signature, now: later, toleranceSeconds: 600 })).toBe(true);
  });
});
