import { createPrivateKey } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { AuthConfig } from '../../core/auth/auth.config';
import { generateTestKeys } from './test-auth';

export interface ClaimsOverrides {
  sub: string;
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function claims({ sub, iss = '24-hour-video', aud = '24-hour-video-api', expiresIn = 3600 }: ClaimsOverrides) {
  return new SignJWT({}).setSubject(sub).setIssuer(iss).setAudience(aud).setIssuedAt(nowSeconds() - 60).setExpirationTime(nowSeconds() + expiresIn);
}

/** The tokens an attacker (or a careless client) would try; none may be accepted. */
export async function forgedTokens(config: AuthConfig, userId: string): Promise<Record<string, string>> {
  const ourKey = createPrivateKey(config.privateKeyPem!);
  const otherKey = createPrivateKey(generateTestKeys().privateKeyPem);
  const valid = await claims({ sub: userId }).setProtectedHeader({ alg: 'EdDSA' }).sign(ourKey);
  const [header, payload, signature] = valid.split('.');
  const tamperedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
  return {
    'signed by another key': await claims({ sub: userId }).setProtectedHeader({ alg: 'EdDSA' }).sign(otherKey),
    expired: await claims({ sub: userId, expiresIn: -120 }).setProtectedHeader({ alg: 'EdDSA' }).sign(ourKey),
    'wrong issuer': await claims({ sub: userId, iss: 'someone-else' }).setProtectedHeader({ alg: 'EdDSA' }).sign(ourKey),
    'wrong audience': await claims({ sub: userId, aud: 'another-api' }).setProtectedHeader({ alg: 'EdDSA' }).sign(ourKey),
    'alg none': new UnsecuredJWT({}).setSubject(userId).setIssuer('24-hour-video').setAudience('24-hour-video-api').setExpirationTime('1h').encode(),
    // The classic key-confusion attack: HMAC "signed" with the public key as the secret.
    'HS256 signed with the public key': await claims({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(config.publicKeyPem!)),
    'tampered payload': `${header}.${tamperedPayload}.${signature}`,
    'not a JWT': 'not-a-token',
  };
}

/** A valid token of ours for an arbitrary subject (e.g. a user that does not exist). */
export function tokenFor(config: AuthConfig, sub: string): Promise<string> {
  return claims({ sub }).setProtectedHeader({ alg: 'EdDSA' }).sign(createPrivateKey(config.privateKeyPem!));
}
