// RFC 9110 §7.6.1: these describe one connection and must not be forwarded by a proxy.
const hopByHopHeaders = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate'];

/** Headers through which a client could pretend to be someone or somewhere else; the proxy sets its own. */
export const clientForwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/** Hop-by-hop header names of a message: the fixed set plus those its Connection header lists. */
export function hopByHopHeaderNames(connectionHeader: string | string[] | undefined): string[] {
  const listed = [connectionHeader ?? []]
    .flat()
    .flatMap((value) => value.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  return [...hopByHopHeaders, ...listed];
}
