import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';

const bearer = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+) *$/i;

/**
 * Who the client is, for canary stickiness: the user id of its token, else its address. The token
 * is only decoded, not verified: a forged token can only pick which side answers, and both sides
 * verify it before serving anything.
 */
export function clientKeyOf(req: IncomingMessage): string {
  const token = bearer.exec(req.headers.authorization ?? '')?.[1];
  if (token) {
    try {
      const { sub } = decodeJwt(token);
      if (typeof sub === 'string' && sub.length > 0) return `user:${sub}`;
    } catch {
      // Not a JWT after all: fall back to the address.
    }
  }
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}
