import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's timestamp may be from the receiver's clock before it reads as a replay. */
const defaultToleranceSeconds = 300;

/** The X-Webhook-Signature value: `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody);
  return `v1=${hmac.digest('hex')}`;
}

export interface WebhookSignatureCheck {
  readonly secret: string;
  /** The X-Webhook-Timestamp header (unix seconds). */
  readonly timestamp: string;
  /** The request body exactly as received: re-serialized JSON would not match. */
  readonly rawBody: string | Buffer;
  /** The X-Webhook-Signature header; several `v1=` values (during a secret rotation) may be listed. */
  readonly signature: string;
  readonly now?: Date;
  readonly toleranceSeconds?: number;
}

/** What a receiver checks: a matching signature (constant-time) on a recent timestamp. */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const { secret, timestamp, rawBody, signature, now = new Date(), toleranceSeconds = defaultToleranceSeconds } = check;
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  return signature
    .split(/[\s,]+/)
    .map((candidate) => Buffer.from(candidate))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}
