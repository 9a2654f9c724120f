import { createServer } from 'node:http';
import { announceReady } from '../../core/process/serve';

// The Lambda side of the shadow part's proxy-only rows: an Invoke API endpoint that answers every
// invocation at once, so the only shadow work left on this machine is the proxy's own. In AWS the
// functions do not share the proxy's cores; here the local runtime would. The authorizer allows;
// any other function answers what the monolith answered for the route (argv[2]: status, headers, body).
const answer = process.argv[2]!;
const allow = JSON.stringify({ isAuthorized: true, context: {} });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
    res.end(req.url?.includes('/functions/authorizer/') ? allow : answer);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  announceReady('instant-lambda', `http://127.0.0.1:${address.port}`);
});
