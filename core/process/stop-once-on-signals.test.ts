import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../../test/fixtures/processes/stops-on-signals.main.ts', import.meta.url));

/** Starts the fixture, sends it `signals` 50 ms apart once it is ready, and reports how it ended. */
async function signalled(signals: NodeJS.Signals[], env: Record<string, string> = {}): Promise<{ code: number | null; lines: string[]; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await expect.poll(() => output, { timeout: 20_000 }).toContain('ready');
  for (const signal of signals) {
    child.kill(signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const code = await exited;
  const lines = output.split('\n').filter((line) => !line.startsWith('{') && line !== '');
  return { code, lines, output };
}

describe('stopping once on signals', () => {
  it('stops once and exits 0 on SIGINT followed by SIGTERM (Ctrl-C, then the launcher)', async () => {
    const { code, lines } = await signalled(['SIGINT', 'SIGTERM']);
    expect(lines).toEqual(['ready', 'stop started', 'stop finished']);
    expect(code).toBe(0);
  });

  it('stops once on a repeated SIGINT instead of dying half-way', async () => {
    const { code, lines } = await signalled(['SIGINT', 'SIGINT']);
    expect(lines).toEqual(['ready', 'stop started', 'stop finished']);
    expect(code).toBe(0);
  });

  it('logs a failed stop and exits 1', async () => {
    const { code, output } = await signalled(['SIGTERM'], { STOP_FAILS: '1' });
    expect(output).toContain('"msg":"stopping failed"');
    expect(output).toContain('the database was already closed');
    expect(code).toBe(1);
  });
});
