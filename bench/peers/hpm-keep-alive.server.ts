import { Agent } from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { announceReady } from '../../core/process/serve';

// What our proxy is built on, and nothing of ours: express + http-proxy-middleware with a pooled
// keep-alive agent. Our proxy against this one prices our own work (routing, flags, stats, metrics).
const target = process.argv[2]!;
const app = express();
app.use(createProxyMiddleware({ target, agent: new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 }) }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  announceReady('hpm-keep-alive', `http://127.0.0.1:${address.port}`);
});
