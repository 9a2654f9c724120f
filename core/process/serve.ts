import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from 'pino';
import { answerClientError } from './answer-client-error';
import { stopOnceOnSignals } from './stop-once-on-signals';

/** Tells a parent process (infra/local/start.ts) that this one is listening. */
export function announceReady(name: string, url: string): void {
  process.send?.({ type: 'ready', name, url });
}

/**
 * Listens on a port with timeouts suited to sitting behind the edge proxy: idle keep-alive
 * connections outlive the proxy's pooled sockets, so the proxy never reuses one we just closed.
 * Requests Node's parser refuses are answered in the legacy error format.
 */
export async function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(handler);
  server.on('clientError', answerClientError);
  // Node answers an Expect other than 100-continue with a bare 417, outside the legacy format;
  // RFC 9110 lets a server ignore the expectation, so such requests are served as usual.
  server.on('checkExpectation', handler);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** The URL a listening server answers on. */
export function serverUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * Stops on SIGINT/SIGTERM: no new connections, in-flight requests get `graceMs` to finish, then
 * `cleanup` runs.
 */
export function stopOnSignals(server: Server, logger: Logger, cleanup: () => Promise<void>, graceMs = 10_000): void {
  stopOnceOnSignals(logger, async () => {
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await cleanup();
  });
}
