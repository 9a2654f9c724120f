import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Why an address may not be called; `public` is the only kind a webhook may reach. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address a host name resolves to (the system resolver by default). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** Hosts, addresses and CIDR ranges a webhook may call although they are not public. */
export interface WebhookAllowlist {
  readonly names: ReadonlySet<string>;
  readonly ranges: readonly [Address, number][];
}

export type TargetCheck =
  | { readonly allowed: true; readonly addresses: readonly ResolvedAddress[] }
  | { readonly allowed: false; readonly reason: string };

/** The host of a target has no address (or the resolver failed): not a verdict on the target itself. */
export class HostResolutionError extends Error {
  constructor(
    readonly hostname: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`could not resolve ${hostname} (${code})`, options);
    this.name = 'HostResolutionError';
  }
}

const ipv4Kinds: Partial<Record<string, AddressKind>> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  carrierGradeNat: 'shared (CGNAT)',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

const ipv6Kinds: Partial<Record<string, AddressKind>> = {
  unicast: 'public',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

const nat64WellKnown = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

// Ranges ipaddr.js does not name (as112, amt, benchmarking, ...) are refused: fail closed.
function classifyIPv4(address: ipaddr.IPv4): AddressKind {
  return ipv4Kinds[address.range()] ?? 'reserved';
}

function classifyIPv6(address: ipaddr.IPv6): AddressKind {
  const parts = address.parts;
  const embedded = ipv4Of(parts[6] ?? 0, parts[7] ?? 0);
  const range = address.range();
  // Forms that carry an IPv4 address are judged by it: ::ffff:127.0.0.1 is loopback. NAT64
  // (64:ff9b::/96) stays usable for public addresses, as IPv6-only networks reach IPv4 through it.
  if (range === 'ipv4Mapped' || range === 'rfc6145' || address.match(nat64WellKnown)) return classifyIPv4(embedded);
  if (parts.slice(0, 6).every((part) => part === 0) && range !== 'unspecified' && range !== 'loopback') {
    // Deprecated IPv4-compatible form (::a.b.c.d): never a legitimate target.
    const kind = classifyIPv4(embedded);
    return kind === 'public' ? 'reserved' : kind;
  }
  return ipv6Kinds[range] ?? 'reserved';
}

/** Classifies an IP address (v4 or v6, any textual form ipaddr.js accepts). */
export function classifyAddress(address: string): AddressKind {
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? classifyIPv4(parsed as ipaddr.IPv4) : classifyIPv6(parsed as ipaddr.IPv6);
}

/** A host name from a URL, lower-case, without IPv6 brackets or a trailing dot. */
const normalizeHost = (hostname: string) => hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

// Names that only ever mean "this machine" or "this network": refused before any DNS lookup.
// A single-label name ("redis", "metadata") resolves through the local search domains.
function isLocalName(host: string): boolean {
  return (
    host === 'localhost' ||
    !host.includes('.') ||
    ['.localhost', '.local', '.internal', '.home.arpa'].some((suffix) => host.endsWith(suffix))
  );
}

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Whether an allowlist entry is a host name, an IP address or a CIDR range. */
export function isAllowlistEntry(entry: string): boolean {
  return ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry) || hostnamePattern.test(normalizeHost(entry));
}

/** Parses allowlist entries (validate them with isAllowlistEntry first: anything else throws). */
export function parseAllowlist(entries: readonly string[]): WebhookAllowlist {
  const names = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const entry of entries) {
    if (ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (isAllowlistEntry(entry)) names.add(normalizeHost(entry));
    else throw new Error(`not a host name, IP address or CIDR range: ${entry}`);
  }
  return { names, ranges };
}

const emptyAllowlist: WebhookAllowlist = { names: new Set(), ranges: [] };

const resolveWithSystem: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

const article = (kind: AddressKind) => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/**
 * Keeps webhooks from reaching into our own network (SSRF): a target is refused when its host is
 * a local name or when any address it resolves to is not public, unless the allowlist permits it.
 * Run it when a subscription is created and again at every send, connecting only to the addresses
 * it checked, so a DNS answer that changes in between (rebinding) cannot slip past.
 */
export class WebhookTargetGuard {
  private readonly allowlist: WebhookAllowlist;
  private readonly resolve: ResolveHost;

  constructor({ allowlist = emptyAllowlist, resolve = resolveWithSystem }: { allowlist?: WebhookAllowlist; resolve?: ResolveHost } = {}) {
    this.allowlist = allowlist;
    this.resolve = resolve;
  }

  /** The addresses a target may be called on, or why not; throws HostResolutionError when DNS fails. */
  async check(url: URL): Promise<TargetCheck> {
    const host = normalizeHost(url.hostname);
    if (ipaddr.isValid(host)) {
      const address = ipaddr.parse(host);
      return this.checkAddresses([{ address: host, family: address.kind() === 'ipv4' ? 4 : 6 }]);
    }
    const allowlisted = this.allowlist.names.has(host);
    if (!allowlisted && isLocalName(host)) return { allowed: false, reason: `${host} is a local name` };
    const addresses = await this.resolveHost(host);
    return allowlisted ? { allowed: true, addresses } : this.checkAddresses(addresses);
  }

  private checkAddresses(addresses: readonly ResolvedAddress[]): TargetCheck {
    for (const { address } of addresses) {
      if (this.isAllowlisted(address)) continue;
      const kind = classifyAddress(address);
      if (kind !== 'public') return { allowed: false, reason: `resolves to ${article(kind)} ${kind} address (${address})` };
    }
    return { allowed: true, addresses };
  }

  private isAllowlisted(address: string): boolean {
    // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so an IPv4 entry covers its mapped form.
    const parsed = ipaddr.process(address);
    return this.allowlist.ranges.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
  }

  private async resolveHost(host: string): Promise<ResolvedAddress[]> {
    try {
      const addresses = await this.resolve(host);
      if (addresses.length === 0) throw new HostResolutionError(host, 'ENODATA');
      return addresses;
    } catch (error) {
      if (error instanceof HostResolutionError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'ERESOLVE';
      throw new HostResolutionError(host, code, { cause: error });
    }
  }
}
