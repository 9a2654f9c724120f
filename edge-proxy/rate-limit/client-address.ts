import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator } from 'express-rate-limit';

/** Proxies (load balancers, API Gateway's VPC link) whose X-Forwarded-For entries are believed. */
export type TrustedProxies = BlockList;

/** Whether a string is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Builds the trusted set from entries already checked with `isAddressOrRange`. */
export function trustProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

// ::ffff:203.0.113.9 is how a dual-stack socket shows an IPv4 client: the same client as 203.0.113.9.
const unmapped = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

const isTrusted = (address: string, trusted: TrustedProxies) => trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * The address a client is counted by. The socket's peer, which a client cannot choose, unless that
 * peer is a trusted proxy: then the right-most X-Forwarded-For entry that is not a trusted proxy
 * (entries left of it were written by the client and prove nothing). IPv6 clients are counted per
 * /56, as one subscriber usually holds a whole prefix and could rotate addresses within it.
 */
export function clientAddressOf(req: IncomingMessage, trusted: TrustedProxies): string {
  let address = unmapped(req.socket.remoteAddress ?? '');
  if (address !== '' && isTrusted(address, trusted)) {
    const forwarded = [req.headers['x-forwarded-for'] ?? []].flat().flatMap((value) => value.split(','));
    for (let index = forwarded.length - 1; index >= 0; index -= 1) {
      const hop = unmapped(forwarded[index]!.trim());
      if (isIP(hop) === 0) break;
      address = hop;
      if (!isTrusted(hop, trusted)) break;
    }
  }
  return address === '' ? 'unknown' : ipKeyGenerator(address);
}
