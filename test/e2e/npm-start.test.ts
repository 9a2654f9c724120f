import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { repositoryRoot } from '../fixtures/functions/fixture-functions';

/** Waits until `output()` matches, or fails with what was printed so far. */
async function waitForOutput(output: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether any process of the group led by `pid` is still running. */
function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start: the whole system on one machine', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), '24hv-start-'));
  let system: ChildProcess;
  let output = '';
  let proxyUrl: string;
  let env: NodeJS.ProcessEnv;

  /** Runs `npm run strangler -- …` exactly as an engineer would. */
  const strangler = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'strangler', '--', ...args], { cwd: repositoryRoot, env, encoding: 'utf8' });

  beforeAll(async () => {
    const [edge, legacy, runtime] = [await freePort(), await freePort(), await freePort()];
    proxyUrl = `http://127.0.0.1:${edge}`;
    env = { ...process.env, DATA_DIR: dataDir, EDGE_PORT: String(edge), LEGACY_PORT: String(legacy), LAMBDA_RUNTIME_PORT: String(runtime), STRANGLER_URL: proxyUrl, PASSWORD_SCRYPT_LOG2_COST: '10', LOG_LEVEL: 'warn' };
    delete env.STRANGLER_ADMIN_TOKEN;
    system = spawn('npm', ['start'], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    system.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    system.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForOutput(() => output, /24-Hour Video is running/, 90_000);
  }, 120_000);

  afterAll(() => {
    if (processGroupAlive(system.pid!)) process.kill(-system.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where everything is and how to flip', () => {
    expect(output).toContain(`API (edge proxy)     ${proxyUrl}`);
    expect(output).toContain('npm run strangler -- flip auth shadow');
  });

  it('serves a customer, flips auth with one CLI command, and keeps the customer\u2019s token working', async () => {
    const signup = await fetch(`${proxyUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'newcomer@example.com', password: 'correct horse', name: 'Newcomer' }),
    });
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as { token: string };

    const flip = strangler('flip', 'auth', 'lambda', '--force', '--reason', 'smoke test of npm start');
    expect(flip.stderr).toBe('');
    expect(flip.status).toBe(0);
    expect(flip.stdout).toContain('auth: legacy -> lambda');

    const me = await fetch(`${proxyUrl}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('newcomer@example.com');

    const status = JSON.parse(strangler('status', '--json').stdout) as { capabilities: Array<{ capability: string; state: string; routesOnLambda: number }> };
    expect(status.capabilities.find((capability) => capability.capability === 'auth')).toMatchObject({ state: 'lambda', routesOnLambda: 3 });
  }, 60_000);

  /** Runs `npm run journey` against the proxy, as the README tells a newcomer to. */
  const runJourney = () =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'journey'], { cwd: repositoryRoot, env: { ...env, API_URL: proxyUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
      let printed = '';
      child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output: printed }));
    });
  const emails = () => readdirSync(path.join(dataDir, 'mail-outbox')).filter((file) => file.endsWith('.eml'));

  function expectJourneyWorked(journey: { code: number | null; output: string }): void {
    expect(journey.output).toMatch(/720p\s+ready\s+\/api\/videos\/[0-9a-f-]{36}\/renditions\/720p 1280x720/);
    expect(journey.output).toContain('signature verified');
    expect(journey.output).toContain('The customer journey works.');
    expect(journey.code).toBe(0);
  }

  it('walks the README’s customer journey: upload, transcode, metadata, signed webhook, e-mail', async () => {
    expectJourneyWorked(await runJourney());
    expect(emails()).toHaveLength(1);
  }, 120_000);

  it('walks the same journey, with the same results, once transcoding, metadata and notifications are on their Lambdas', async () => {
    for (const capability of ['transcoding', 'metadata', 'notifications']) {
      const flip = strangler('flip', capability, 'lambda', '--force', '--reason', 'npm start smoke test');
      expect(flip.stderr).toBe('');
      expect(flip.stdout).toContain(`${capability}: legacy -> lambda`);
    }
    expectJourneyWorked(await runJourney());
    expect(emails()).toHaveLength(2);
    expect(strangler('dead-letters', '--json').stdout).toContain('"deadLetters": []');
  }, 120_000);

  it('stops every process cleanly on Ctrl-C', async () => {
    const exited = new Promise((resolve) => system.once('exit', resolve));
    // A terminal's Ctrl-C signals the whole foreground process group: npm, the launcher, its children.
    process.kill(-system.pid!, 'SIGINT');
    await exited;
    await expect(fetch(`${proxyUrl}/health`)).rejects.toThrow();
    // Each process got SIGINT and then the launcher's SIGTERM: each still stops once, without an error.
    expect(output).not.toMatch(/stopped unexpectedly|startup failed|stopping failed|\n\s+at /);
    await expect.poll(() => processGroupAlive(system.pid!), { timeout: 15_000 }).toBe(false);
  }, 30_000);
});
