import { createServer } from 'node:http';
import { announceReady } from '../../core/process/serve';

// The upstream of the 100 KB JSON rows: no route of the monolith answers that much, so every proxy
// (ours included) targets this one tiny server, in its own process, on equal terms.
const item = (index: number) => ({ id: `video-${index}`, title: `Clip number ${index}`, status: 'ready', durationSeconds: index % 600, renditions: ['1080p', '720p', '480p'] });
const items: ReturnType<typeof item>[] = [];
while (JSON.stringify({ items }).length < 100 * 1024) items.push(item(items.length));
const body = Buffer.from(JSON.stringify({ items }));

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  announceReady('json-upstream', `http://127.0.0.1:${address.port}`);
});
