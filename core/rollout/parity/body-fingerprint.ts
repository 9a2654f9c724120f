import { createHash } from 'node:crypto';

/** What identifies a body that is not shown: its length and sha256 (hex). */
export interface BodyFingerprint {
  readonly bytes: number;
  readonly sha256: string;
}

/** The length and sha256 of a body. */
export function fingerprintBody(body: Buffer): BodyFingerprint {
  return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}
