import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { announceReady } from '../../core/process/serve';

// The peer a team would write first: express + http-proxy-middleware with default options, nothing else.
const target = process.argv[2]!;
const app = express();
app.use(createProxyMiddleware({ target }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  announceReady('hpm-default', `http://127.0.0.1:${address.port}`);
});
