import { createHash } from 'node:crypto';

const buckets = 10_000;

/**
 * A client's fixed place in [0, 10000) for one flag: the same on every proxy instance and every
 * request, so a client stays on one side, and independent between flags (the name salts the hash).
 */
export function canaryBucket(flagName: string, clientKey: string): number {
  const digest = createHash('sha256').update(flagName).update('\0').update(clientKey).digest();
  return digest.readUInt32BE(0) % buckets;
}

/** Whether the client falls in the canary's share (percent, 0-100; hundredths of a percent are honoured). */
export function inCanary(flagName: string, clientKey: string, percent: number): boolean {
  return canaryBucket(flagName, clientKey) < Math.round(percent * (buckets / 100));
}
