import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  HostResolutionError,
  isAllowlistEntry,
  parseAllowlist,
  WebhookTargetGuard,
  type ResolvedAddress,
} from './webhook-target-guard';

/** A resolver answering from a table, like DNS under the test's control. */
const resolveFrom =
  (table: Record<string, string[]>) =>
  async (hostname: string): Promise<ResolvedAddress[]> => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const dns = resolveFrom({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'rebind.example.com': ['127.0.0.1'],
  'half-private.example.com': ['93.184.216.34', '10.0.0.5'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
});

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    // IPv4-compatible (deprecated) forms, as the URL parser writes them.
    ['::7f00:1', 'loopback'],
    ['::808:808', 'reserved'],
    ['64:ff9b::a00:5', 'private'],
    ['2002:7f00:1::1', 'reserved'],
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['::ffff:93.184.216.34', 'public'],
    ['64:ff9b::5db8:d822', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('WebhookTargetGuard', () => {
  const guard = new WebhookTargetGuard({ resolve: dns });
  const check = (url: string, onGuard = guard) => onGuard.check(new URL(url));

  it.each([
    ['http://127.0.0.1/hook', 'resolves to a loopback address (127.0.0.1)'],
    ['http://[::1]:8080/hook', 'resolves to a loopback address (::1)'],
    ['http://10.0.0.5/hook', 'resolves to a private address (10.0.0.5)'],
    ['http://172.16.4.2/hook', 'resolves to a private address (172.16.4.2)'],
    ['http://192.168.0.10/hook', 'resolves to a private address (192.168.0.10)'],
    ['http://169.254.169.254/latest/meta-data/', 'resolves to a link-local address (169.254.169.254)'],
    ['http://100.64.1.1/hook', 'resolves to a shared (CGNAT) address (100.64.1.1)'],
    ['http://0.0.0.0/hook', 'resolves to an unspecified address (0.0.0.0)'],
    ['http://[::ffff:127.0.0.1]/hook', 'resolves to a loopback address (::ffff:7f00:1)'],
    ['http://[fe80::1]/hook', 'resolves to a link-local address (fe80::1)'],
    ['http://[fd00::1]/hook', 'resolves to a private address (fd00::1)'],
    // The URL parser turns these spellings into 127.0.0.1 before anything else sees them.
    ['http://2130706433/hook', 'resolves to a loopback address (127.0.0.1)'],
    ['http://0x7f.1/hook', 'resolves to a loopback address (127.0.0.1)'],
    ['http://localhost:3000/hook', 'localhost is a local name'],
    ['http://LOCALHOST./hook', 'localhost is a local name'],
    ['http://api.localhost/hook', 'api.localhost is a local name'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a local name'],
    ['http://metadata/computeMetadata/v1/', 'metadata is a local name'],
    ['http://printer.local/hook', 'printer.local is a local name'],
    ['https://rebind.example.com/hook', 'resolves to a loopback address (127.0.0.1)'],
    ['https://half-private.example.com/hook', 'resolves to a private address (10.0.0.5)'],
    ['https://mapped.example.com/hook', 'resolves to a link-local address (::ffff:169.254.169.254)'],
  ])('refuses %s', async (url, reason) => {
    expect(await check(url)).toEqual({ allowed: false, reason });
  });

  it('allows a public address and returns it to connect to', async () => {
    expect(await check('http://93.184.216.34/hook')).toEqual({ allowed: true, addresses: [{ address: '93.184.216.34', family: 4 }] });
  });

  it('allows a name when every address it resolves to is public, returning all of them', async () => {
    expect(await check('https://hooks.example.com/video')).toEqual({
      allowed: true,
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
  });

  it('permits what the allowlist names: addresses, CIDR ranges and host names', async () => {
    const allowlist = parseAllowlist(['127.0.0.1', '::1', '10.0.0.0/8', 'localhost', 'rebind.example.com']);
    const local = new WebhookTargetGuard({ allowlist, resolve: resolveFrom({ localhost: ['::1', '127.0.0.1'], 'rebind.example.com': ['127.0.0.1'] }) });
    expect(await check('http://127.0.0.1:4000/hook', local)).toMatchObject({ allowed: true });
    expect(await check('http://[::ffff:127.0.0.1]/hook', local)).toMatchObject({ allowed: true });
    expect(await check('http://[::1]/hook', local)).toMatchObject({ allowed: true });
    expect(await check('http://10.200.3.4/hook', local)).toMatchObject({ allowed: true });
    expect(await check('http://localhost/hook', local)).toEqual({
      allowed: true,
      addresses: [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    expect(await check('http://rebind.example.com/hook', local)).toMatchObject({ allowed: true });
    expect(await check('http://127.0.0.2/hook', local)).toEqual({ allowed: false, reason: 'resolves to a loopback address (127.0.0.2)' });
    expect(await check('http://192.168.1.1/hook', local)).toMatchObject({ allowed: false });
  });

  it('reports a name that does not resolve as a resolution error, not a verdict', async () => {
    const failure = check('https://nowhere.example.com/hook');
    await expect(failure).rejects.toThrow(HostResolutionError);
    await expect(failure).rejects.toMatchObject({ hostname: 'nowhere.example.com', code: 'ENOTFOUND' });
  });
});

describe('allowlist entries', () => {
  it.each(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8', 'localhost', 'receiver.docker', 'hooks.example.com'])('accepts %s', (entry) => {
    expect(isAllowlistEntry(entry)).toBe(true);
  });

  it.each(['10.0.0.0/33', 'http://localhost', 'a b', '*.example.com', ''])('rejects %j', (entry) => {
    expect(isAllowlistEntry(entry)).toBe(false);
    expect(() => parseAllowlist([entry])).toThrow('not a host name, IP address or CIDR range');
  });
});
