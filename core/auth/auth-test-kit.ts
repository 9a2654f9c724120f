import { generateKeyPairSync } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { InMemoryUserStore } from './adapters/in-memory-user.store';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { PasswordHasher } from './password-hasher';
import { TokenIssuer } from './token-issuer';
import { TokenVerifier } from './token-verifier';

/** A settable clock for tests. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}

  now(): Date {
    return this.instant;
  }

  advanceSeconds(seconds: number): void {
    this.instant = new Date(this.instant.getTime() + seconds * 1000);
  }
}

/** The fake wiring of auth: real crypto, users in memory, time under the test's control. */
export function createInMemoryAuth(clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'))) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const users = new InMemoryUserStore();
  const settings = { issuer: '24-hour-video', audience: '24-hour-video-api', clock };
  const tokens = new TokenIssuer({ privateKey, keyId: 'test-key', ttlSeconds: 3600, ...settings });
  const verifier = new TokenVerifier({ publicKey, ...settings });
  return {
    clock,
    users,
    tokens,
    verifier,
    service: new AuthService(users, new PasswordHasher(10), tokens, clock),
    authenticator: new Authenticator(verifier, users),
  };
}
