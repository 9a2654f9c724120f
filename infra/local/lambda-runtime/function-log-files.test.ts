import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../core/logging/create-logger';
import { functionLogFiles } from './function-log-files';

describe('functionLogFiles', () => {
  let root: string | undefined;

  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('appends each function’s invocation logs to a file of its own, after what an earlier run left', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'function-logs-'));
    const dir = path.join(root, 'lambda-logs');
    const first = functionLogFiles(dir, createLogger('test', 'silent'));
    first.write('auth', 'START RequestId: 1\n');
    await first.close();
    const second = functionLogFiles(dir, createLogger('test', 'silent'));
    second.write('auth', 'START RequestId: 2\n');
    second.write('metadata', 'START RequestId: 3\n');
    await second.close();
    expect(await readFile(path.join(dir, 'auth.log'), 'utf8')).toBe('START RequestId: 1\nSTART RequestId: 2\n');
    expect(await readFile(path.join(dir, 'metadata.log'), 'utf8')).toBe('START RequestId: 3\n');
  });

  it('writes buffered lines to the file within a moment, without waiting for close or a full buffer', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'function-logs-'));
    const files = functionLogFiles(root, createLogger('test', 'silent'));
    try {
      files.write('auth', 'REPORT RequestId: 4\n');
      await vi.waitFor(async () => expect(await readFile(path.join(root!, 'auth.log'), 'utf8')).toBe('REPORT RequestId: 4\n'), { timeout: 2_000, interval: 20 });
    } finally {
      await files.close();
    }
  });

  it('closes once when asked twice (SIGINT, then SIGTERM), and drops what an invocation ending after that writes', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'function-logs-'));
    const files = functionLogFiles(root, createLogger('test', 'silent'));
    files.write('auth', 'END RequestId: 5\n');
    const first = files.close();
    files.write('auth', 'REPORT RequestId: 5\n');
    await Promise.all([first, files.close()]);
    await files.close();
    expect(await readFile(path.join(root, 'auth.log'), 'utf8')).toBe('END RequestId: 5\n');
  });
});
