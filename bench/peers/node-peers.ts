import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess, type RunningServer } from './start-peer';

const peersDir = path.dirname(fileURLToPath(import.meta.url));

/** The 100 KB JSON upstream (json-upstream.server.ts). */
export const startJsonUpstream = (): Promise<RunningServer> => startServerProcess('json upstream', path.join(peersDir, 'json-upstream.server.ts'));

/** Bare express + http-proxy-middleware with default options, in front of `target`. */
export const startHpmDefault = (target: string): Promise<RunningServer> => startServerProcess('bare http-proxy-middleware', path.join(peersDir, 'hpm-default.server.ts'), [target]);

/** express + http-proxy-middleware with a keep-alive agent: our proxy's building blocks alone. */
export const startHpmKeepAlive = (target: string): Promise<RunningServer> => startServerProcess('hpm with keep-alive', path.join(peersDir, 'hpm-keep-alive.server.ts'), [target]);

/** fastify + @fastify/reply-from in front of `target`. */
export const startFastifyReplyFrom = (target: string): Promise<RunningServer> => startServerProcess('fastify reply-from', path.join(peersDir, 'fastify-reply-from.server.ts'), [target]);
