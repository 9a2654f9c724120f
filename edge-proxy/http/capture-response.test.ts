import { get, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import { captureResponse, snapshotHeaders, type ResponseSnapshot } from './capture-response';

/**
 * Serves one request with `respond` on a response watched by captureResponse; answers what the
 * client received and the snapshot taken once the response closed.
 */
async function capture(keepBytes: number, respond: (res: ServerResponse) => void) {
  let snapshot: Promise<ResponseSnapshot> | undefined;
  const server = await listen((_req, res) => {
    const taken = captureResponse(res, keepBytes);
    snapshot = new Promise((resolve) => res.once('close', () => resolve(taken.snapshot())));
    respond(res);
  }, 0, '127.0.0.1');
  try {
    const received = await new Promise<Buffer>((resolve, reject) => {
      get(serverUrl(server), { agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject);
    });
    return { received, snapshot: await snapshot! };
  } finally {
    server.close();
  }
}

describe('captureResponse', () => {
  it('keeps the body as the client received it, from strings in any encoding and from buffers', async () => {
    const { received, snapshot } = await capture(1024, (res) => {
      res.write('héllo ');
      res.write('d29ybGQ=', 'base64');
      res.write('20', 'hex');
      res.end(Buffer.from('ünïcode'));
    });

    expect(received.toString()).toBe('héllo world ünïcode');
    expect(snapshot.body).toEqual(received);
    expect(snapshot.bodyBytes).toBe(received.length);
    expect(snapshot.bodyTruncated).toBe(false);
  });

  it('takes end(chunk, encoding, callback) and write(chunk, callback) as Node does, callbacks called', async () => {
    const called: string[] = [];
    const { received, snapshot } = await capture(1024, (res) => {
      res.write('a', () => called.push('write'));
      res.end('Yg==', 'base64', () => called.push('end'));
    });

    expect(received.toString()).toBe('ab');
    expect(snapshot.body.toString()).toBe('ab');
    expect(called).toEqual(['write', 'end']);
  });

  it('keeps only the beginning of a body larger than it keeps, and counts every byte', async () => {
    const { received, snapshot } = await capture(5, (res) => {
      res.write('abc');
      res.write('def');
      res.end('ghi');
    });

    expect(received.toString()).toBe('abcdefghi');
    expect(snapshot).toMatchObject({ bodyTruncated: true, bodyBytes: 9 });
    expect(snapshot.body.toString()).toBe('abc');
  });

  it('keeps no body when told to keep none, still counting its bytes', async () => {
    const { snapshot } = await capture(0, (res) => res.end('twelve bytes'));

    expect(snapshot).toMatchObject({ bodyTruncated: true, bodyBytes: 12 });
    expect(snapshot.body).toHaveLength(0);
  });

  it('reports the status and the headers, names lower-cased and repeated values joined', async () => {
    const { snapshot } = await capture(1024, (res) => {
      res.setHeader('X-Request-Id', 'req-1');
      res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
      res.setHeader('Content-Length', 2);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{}');
    });

    expect(snapshot.status).toBe(201);
    expect(snapshot.headers).toEqual({ 'x-request-id': 'req-1', 'set-cookie': 'a=1; Path=/, b=2; Path=/', 'content-length': '2', 'content-type': 'application/json' });
  });

  it('counts an empty response as no bytes', async () => {
    const { received, snapshot } = await capture(1024, (res) => {
      res.statusCode = 204;
      res.end();
    });

    expect(received).toHaveLength(0);
    expect(snapshot).toMatchObject({ status: 204, bodyBytes: 0, bodyTruncated: false });
  });
});

describe('snapshotHeaders', () => {
  it('lower-cases names, joins several values with ", " however Node shaped them, and leaves out unset ones', () => {
    expect(
      snapshotHeaders([
        ['Content-Type', 'application/json'],
        ['Set-Cookie', ['a=1', 'b=2']],
        ['set-cookie', 'c=3'],
        ['Content-Length', 42],
        ['ETag', undefined],
      ]),
    ).toEqual({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2, c=3', 'content-length': '42' });
  });
});
