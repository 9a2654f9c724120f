import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainRequest, lingerAfterAnswer } from './drain-request';

const drainLimitBytes = 256 * 1024;
const chunk = Buffer.alloc(64 * 1024, 0x61);

interface Outcome {
  /** The answer, when one arrived. */
  readonly status?: number;
  readonly body?: string;
  /** How the connection failed on the client's side, when it did. */
  readonly error?: string;
  /** Whether every byte of the body had been handed to the connection before the outcome. */
  readonly sentEverything: boolean;
}

/**
 * POSTs `chunks` chunks of 64 KiB, declared up front with Content-Length, pausing between them:
 * a client (or the edge proxy relaying an upload) still sending when the server decides.
 */
function postSlowly(port: number, path: string, chunks: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let written = 0;
    const sentEverything = () => written === chunks;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(chunks * chunk.length) } });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString('utf8'), sentEverything: sentEverything() }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, sentEverything: sentEverything() }));
    const writeNext = () => {
      if (sentEverything()) {
        req.end();
        return;
      }
      written += 1;
      req.write(chunk, () => setTimeout(writeNext, 5));
    };
    writeNext();
  });
}

describe('drainRequest', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    const app = express()
      // Refuses at once, before reading the body, as the 401 before an upload does.
      .post('/refuse', async (req, res) => {
        if (!(await drainRequest(req, drainLimitBytes))) lingerAfterAnswer(req, res, 100);
        res.status(401).json({ error: { code: 'unauthorized', message: 'Sign in first' } });
      })
      .post('/read-then-answer', express.raw({ limit: '1mb' }), async (req, res) => {
        await drainRequest(req, drainLimitBytes);
        res.json({ read: (req.body as Buffer).length });
      })
      .get('/no-body', async (req, res) => {
        await drainRequest(req, drainLimitBytes);
        res.json({ ok: true });
      });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets an early answer reach a client that is still sending, once its body is read', async () => {
    const outcome = await postSlowly(port, '/refuse', 3);

    expect(outcome).toEqual({ status: 401, body: '{"error":{"code":"unauthorized","message":"Sign in first"}}', sentEverything: true });
  });

  it('answers without reading on when the rest of the body goes past the limit, and cuts the connection after lingering', async () => {
    const outcome = await postSlowly(port, '/refuse', 64);

    expect(outcome).toEqual({ status: 401, body: '{"error":{"code":"unauthorized","message":"Sign in first"}}', sentEverything: false });
    const openConnections = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    await expect.poll(openConnections, { timeout: 5_000 }).toBe(0);
  });

  it('resolves at once for a body that was read already', async () => {
    const outcome = await postSlowly(port, '/read-then-answer', 2);

    expect(outcome).toMatchObject({ status: 200, body: JSON.stringify({ read: 2 * chunk.length }) });
  });

  it('resolves at once for a request without a body', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/no-body`);

    expect(await response.json()).toEqual({ ok: true });
  });
});
