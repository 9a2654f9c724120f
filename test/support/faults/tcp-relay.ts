import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the relay does: forward connections, refuse them (nothing listens), or accept them and never answer. */
export type RelayMode = 'pass' | 'refuse' | 'blackhole';

export interface TcpRelay {
  readonly port: number;
  /** `127.0.0.1:port` of the relay, to put in a URL instead of the real server's. */
  readonly address: string;
  /** Takes effect for new connections; open ones are left alone (see dropAll). */
  setMode(mode: RelayMode): Promise<void>;
  /** Delay added to every chunk in both directions (ms): a slow server or network. */
  setLatency(ms: number): void;
  /** Resets every open connection, as a server that restarts or crashes does. */
  dropAll(): void;
  /** Connections forwarded since the relay started. */
  forwarded(): number;
  close(): Promise<void>;
}

/**
 * A TCP relay on a free loopback port in front of `target` (PostgreSQL, the monolith). It stands in
 * for a restart, an outage or a slow network of a server other tests share: the server itself is
 * never touched.
 */
export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  let mode: RelayMode = 'pass';
  let latencyMs = 0;
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset is this harness's own doing; its error must not crash the test process.
    socket.on('error', () => undefined);
  };
  /** Writes what `from` sends to `to`, in order, `latencyMs` late. */
  const pipeSlowly = (from: net.Socket, to: net.Socket) => {
    let queue = Promise.resolve();
    from.on('data', (chunk) => {
      const delay = latencyMs;
      queue = queue.then(async () => {
        if (delay > 0) await sleep(delay);
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.once('end', () => void queue.then(() => to.end()));
    from.once('close', () => void queue.then(() => to.destroy()));
  };
  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === 'blackhole') return;
    forwarded += 1;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    pipeSlowly(client, upstream);
    pipeSlowly(upstream, client);
  };
  const listenOn = async (port: number) => {
    const server = net.createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return server;
  };
  let server: net.Server | undefined = await listenOn(0);
  const { port } = server.address() as net.AddressInfo;
  const stopListening = async () => {
    const closing = server;
    server = undefined;
    // Stops accepting at once; the callback waits for open connections, which the caller may keep.
    if (closing) closing.close();
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    setMode: async (next) => {
      mode = next;
      if (next === 'refuse') await stopListening();
      else server ??= await listenOn(port);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    dropAll: () => {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    forwarded: () => forwarded,
    close: async () => {
      await stopListening();
      for (const socket of sockets) socket.destroy();
    },
  };
}
