import type { IncomingMessage } from 'node:http';
import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { clientKeyOf } from './client-key';

const requestWith = (authorization: string | undefined, remoteAddress = '203.0.113.7') =>
  ({ headers: authorization ? { authorization } : {}, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientKeyOf', () => {
  it('is the user of the bearer token, whoever signed it (both sides verify it before serving)', () => {
    // Any signature: it is never checked here.
    const token = `${new UnsecuredJWT({}).setSubject('7d0c9a52-9a43-4d7e-8f44-2b8f1e2b9c10').encode()}c2lnbmF0dXJl`;
    expect(clientKeyOf(requestWith(`Bearer ${token}`))).toBe('user:7d0c9a52-9a43-4d7e-8f44-2b8f1e2b9c10');
    expect(clientKeyOf(requestWith(`bearer   ${token}`, '198.51.100.1'))).toBe('user:7d0c9a52-9a43-4d7e-8f44-2b8f1e2b9c10');
  });

  it('falls back to the client address without a token, with a malformed one, or one without a subject', () => {
    expect(clientKeyOf(requestWith(undefined))).toBe('address:203.0.113.7');
    expect(clientKeyOf(requestWith('Bearer not-a-jwt'))).toBe('address:203.0.113.7');
    expect(clientKeyOf(requestWith('Bearer a.b.c'))).toBe('address:203.0.113.7');
    expect(clientKeyOf(requestWith(`Bearer ${new UnsecuredJWT({}).encode()}c2ln`))).toBe('address:203.0.113.7');
    expect(clientKeyOf(requestWith('Basic dXNlcjpwYXNz'))).toBe('address:203.0.113.7');
  });
});
