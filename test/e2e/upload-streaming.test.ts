import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { signUpCustomer } from '../support/customer';
import { createMonolith, testMonolithConfig, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const uploadMiB = 160;

/**
 * Uploads a file as multipart from another process (so the client's memory is not counted),
 * streaming it from disk; resolves with the HTTP status.
 */
function uploadFromAnotherProcess(url: string, token: string, file: string): Promise<number> {
  const client = `
    const fs = require('node:fs'); const http = require('node:http');
    const [url, token, file] = process.argv.slice(1);
    const boundary = 'streaming-test-boundary';
    const head = Buffer.from('--' + boundary + '\\r\\nContent-Disposition: form-data; name="file"; filename="big.mp4"\\r\\nContent-Type: video/mp4\\r\\n\\r\\n');
    const tail = Buffer.from('\\r\\n--' + boundary + '--\\r\\n');
    const length = head.length + fs.statSync(file).size + tail.length;
    const request = http.request(url, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'multipart/form-data; boundary=' + boundary, 'content-length': length } }, (response) => {
      response.resume(); response.on('end', () => { console.log(response.statusCode); });
    });
    request.write(head);
    fs.createReadStream(file).on('end', () => request.end(tail)).pipe(request, { end: false });
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', client, `${url}/api/videos`, token, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number(output.trim())));
  });
}

describe('uploads stream to storage', () => {
  let context: ServingContext;
  let monolith: Monolith;
  let server: Server;
  let dir: string;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    const config = testMonolithConfig(context);
    monolith = await createMonolith(context, { ...config, videos: { ...config.videos, uploadLimitBytes: 1024 ** 3 } });
    server = await listen(monolith.app, 0, '127.0.0.1');
    dir = mkdtempSync(path.join(os.tmpdir(), '24hv-stream-'));
  });

  afterAll(async () => {
    server?.close();
    await monolith?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`takes a ${uploadMiB} MiB upload without holding it in memory`, async () => {
    // A file that sniffs as MP4 (an ftyp box), then zeros: written in 1 MiB pieces, never in memory whole.
    const file = path.join(dir, 'big.mp4');
    const descriptor = openSync(file, 'w');
    writeSync(descriptor, Buffer.from('0000001c667479706d703432000000006d70343269736f6d', 'hex'));
    const piece = Buffer.alloc(1024 * 1024);
    for (let written = 0; written < uploadMiB; written++) writeSync(descriptor, piece);
    closeSync(descriptor);
    const customer = await signUpCustomer(monolith.app);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);

    const status = await uploadFromAnotherProcess(serverUrl(server), customer.token, file).finally(() => clearInterval(sampler));

    expect(status).toBe(201);
    // Buffering the upload would add at least its size; streaming adds a few chunks and GC slack.
    expect((peak - before) / 1024 ** 2).toBeLessThan(uploadMiB / 2);
  }, 60_000);
});
