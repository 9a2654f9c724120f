import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, isAddressOrRange, trustProxies } from './client-address';

/** A request as it reaches the edge: from `peer`, with the X-Forwarded-For it carries. */
const aRequest = (peer: string | undefined, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

const nobody = trustProxies([]);
const loadBalancers = trustProxies(['10.0.0.0/8', 'fd00::/8']);

describe('clientAddressOf', () => {
  it('counts a client by its socket address', () => {
    expect(clientAddressOf(aRequest('203.0.113.9'), nobody)).toBe('203.0.113.9');
  });

  it('ignores the X-Forwarded-For a client sends itself when no proxy is trusted', () => {
    expect(clientAddressOf(aRequest('203.0.113.9', '198.51.100.1'), nobody)).toBe('203.0.113.9');
  });

  it('behind a trusted proxy, takes the right-most entry that is not a trusted proxy', () => {
    expect(clientAddressOf(aRequest('10.0.0.5', '198.51.100.1, 203.0.113.9, 10.1.1.1'), loadBalancers)).toBe('203.0.113.9');
  });

  it('behind a trusted proxy, cannot be moved by entries a client prepends', () => {
    const honest = clientAddressOf(aRequest('10.0.0.5', '203.0.113.9'), loadBalancers);
    const spoofed = clientAddressOf(aRequest('10.0.0.5', '1.2.3.4, 5.6.7.8, 203.0.113.9'), loadBalancers);
    expect(spoofed).toBe(honest);
  });

  it('stops at an entry that is not an address, counting the hop that wrote it', () => {
    expect(clientAddressOf(aRequest('10.0.0.5', '203.0.113.9, <script>'), loadBalancers)).toBe('10.0.0.5');
  });

  it('reads X-Forwarded-For given in several header lines', () => {
    const req = aRequest('10.0.0.5');
    req.headers['x-forwarded-for'] = ['198.51.100.1', '203.0.113.9'] as unknown as string;
    expect(clientAddressOf(req, loadBalancers)).toBe('203.0.113.9');
  });

  it('counts an IPv4 client the same whether the socket shows it mapped into IPv6 or not', () => {
    expect(clientAddressOf(aRequest('::ffff:203.0.113.9'), nobody)).toBe('203.0.113.9');
  });

  it('counts IPv6 clients per /56, so rotating addresses within a prefix does not help', () => {
    expect(clientAddressOf(aRequest('2001:db8:1:2::1'), nobody)).toBe(clientAddressOf(aRequest('2001:db8:1:ff::abcd'), nobody));
    expect(clientAddressOf(aRequest('2001:db8:1:2::1'), nobody)).not.toBe(clientAddressOf(aRequest('2001:db8:1:100::1'), nobody));
  });

  it('counts a request whose socket has already gone as one unknown client', () => {
    expect(clientAddressOf(aRequest(undefined), nobody)).toBe('unknown');
  });
});

describe('isAddressOrRange', () => {
  it.each(['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0'])('accepts %s', (entry) => {
    expect(isAddressOrRange(entry)).toBe(true);
  });

  it.each(['', 'localhost', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/8', '10.0.0.0/x', '300.1.1.1'])('refuses %j', (entry) => {
    expect(isAddressOrRange(entry)).toBe(false);
  });
});
