import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../clock/clock';

export const tokenAlgorithm = 'EdDSA';

export interface IssuedToken {
  token: string;
  /** Lifetime in seconds, as the legacy API reports it. */
  expiresIn: number;
}

export interface TokenIssuerOptions {
  privateKey: KeyObject;
  keyId: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
}

/** Signs customer tokens (EdDSA JWTs). Only the user id travels in a token; roles are read fresh. */
export class TokenIssuer {
  constructor(private readonly options: TokenIssuerOptions) {}

  async issue(userId: string): Promise<IssuedToken> {
    const { privateKey, keyId, issuer, audience, ttlSeconds, clock } = this.options;
    const issuedAt = Math.floor(clock.now().getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: tokenAlgorithm, kid: keyId, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, expiresIn: ttlSeconds };
  }
}
