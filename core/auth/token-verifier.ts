import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Clock } from '../clock/clock';
import { InvalidTokenError } from './auth.errors';
import { tokenAlgorithm } from './token-issuer';

export interface TokenVerifierOptions {
  publicKey: KeyObject;
  issuer: string;
  audience: string;
  clock: Clock;
}

/** Verifies customer tokens: signature with the pinned algorithm, issuer, audience, expiry. */
export class TokenVerifier {
  constructor(private readonly options: TokenVerifierOptions) {}

  /** Returns the user id (`sub`) of a valid token; anything else is an InvalidTokenError. */
  async verify(token: string): Promise<string> {
    const { publicKey, issuer, audience, clock } = this.options;
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: [tokenAlgorithm],
        issuer,
        audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: clock.now(),
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError();
      return payload.sub;
    } catch (error) {
      throw error instanceof InvalidTokenError ? error : new InvalidTokenError({ cause: error });
    }
  }
}
