// RFC 9110 §7.6.1: these describe one connection and must not be forwarded by a proxy.
const hopByHopHeaders: readonly string[] = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate'];
const alwaysHopByHop = new Set(hopByHopHeaders);
const connectionOptions = /^\s*(?:keep-alive|close)\s*$/i;

/** Headers through which a client could pretend to be someone or somewhere else; the proxy sets its own. */
export const clientForwardingHeaders: readonly string[] = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/** Hop-by-hop header names of a message: the fixed set plus those its Connection header lists. */
export function hopByHopHeaderNames(connectionHeader: string | string[] | undefined): readonly string[] {
  // Called twice per proxied request: the usual message (no Connection header, or only
  // `keep-alive`) gets the shared fixed list without allocating anything.
  if (connectionHeader === undefined) return hopByHopHeaders;
  // Nearly every client sends one word (keep-alive or close), which names no header to strip.
  if (typeof connectionHeader === 'string' && connectionOptions.test(connectionHeader)) return hopByHopHeaders;
  const listed = [connectionHeader]
    .flat()
    .flatMap((value) => value.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0 && !alwaysHopByHop.has(name));
  return listed.length === 0 ? hopByHopHeaders : [...hopByHopHeaders, ...listed];
}
