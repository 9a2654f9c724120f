import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeJobEntity } from '../../core/transcoding/adapters/transcode-job.entity';
import { RenditionEntity } from '../../core/videos/adapters/rendition.entity';
import { repositoryRoot } from '../fixtures/functions/fixture-functions';
import { signUpCustomer, waitUntil, type Customer } from '../support/customer';
import { freePort } from '../support/free-port';
import { makeClip } from '../support/media-clips';
import { authEnv, testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated, type TestDatabase } from '../support/test-database';

/** A monolith started as its own process (`node --import tsx legacy-app/server.ts`), leading its own process group. */
interface MonolithProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed so far (pino JSON lines at LOG_LEVEL=warn). */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** One restartable installation: a migrated database, its data folder and the environment of every start. */
interface Installation {
  readonly database: TestDatabase;
  /** Read-only view for assertions; WAL lets it read beside the monolith's writes. */
  readonly dataSource: DataSource;
  readonly storageDir: string;
  readonly env: NodeJS.ProcessEnv;
}

const readyTimeoutMs = 30_000;

function isReadyMessage(message: unknown): message is { type: 'ready'; url: string } {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'ready' && 'url' in message && typeof message.url === 'string';
}

/** Whether any process of the group led by `pid` (the monolith, its ffmpeg children) is still running. */
function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ESRCH') return false;
    throw error;
  }
}

/** Every file under `dir`, as paths relative to it (temporary ones included: this is not the storage's listing). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('restarting the monolith in the middle of a transcode', () => {
  const clipDir = mkdtempSync(path.join(os.tmpdir(), '24hv-restart-clip-'));
  let clip: string;
  const children: ChildProcess[] = [];
  const installations: Installation[] = [];

  beforeAll(async () => {
    // 1280x720 for 10 s: the 720p, 480p and HLS encodes take several seconds at TRANSCODE_SPEED=veryfast,
    // long enough to stop the process in the middle, short enough for the whole file to stay near 40 s.
    clip = await makeClip(clipDir, { width: 1280, height: 720, seconds: 10 });
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      const running = child.exitCode === null && child.signalCode === null;
      const exited = running ? new Promise((resolve) => child.once('exit', resolve)) : undefined;
      if (child.pid !== undefined && processGroupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      // Its files go next: let it die first.
      await exited;
    }
    for (const installation of installations.splice(0)) {
      await installation.dataSource.destroy();
      await installation.database.dispose();
    }
  });

  afterAll(() => {
    rmSync(clipDir, { recursive: true, force: true });
  });

  async function install(): Promise<Installation> {
    const database = await createTestDatabase('sqlite');
    const dataSource = await openMigrated(database);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      ...authEnv(testAuthConfig()),
      LEGACY_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      TRANSCODE_CONCURRENCY: '1',
      TRANSCODE_SPEED: 'veryfast',
      TRANSCODE_MAX_ATTEMPTS: '3',
      TRANSCODE_SCRATCH_DIR: path.join(database.config.dataDir, 'scratch'),
    };
    // Whatever the developer's shell points elsewhere must not pull the children off this data folder.
    delete env.DATABASE_URL;
    delete env.STORAGE_DIR;
    const installation = { database, dataSource, storageDir: path.join(database.config.dataDir, 'storage'), env };
    installations.push(installation);
    return installation;
  }

  /** Starts the monolith on the installation and waits for its ready message (core/process/serve.ts announceReady, over IPC). */
  async function startMonolith({ env }: Installation): Promise<MonolithProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'legacy-app/server.ts'], {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the monolith sent no ready message within ${readyTimeoutMs} ms; output:\n${printed}`)), readyTimeoutMs);
      child.on('message', (message) => {
        if (!isReadyMessage(message)) return;
        clearTimeout(timer);
        resolve(message.url);
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the monolith ended (${signal ?? `exit code ${code}`}) before it was ready; output:\n${printed}`));
      });
    });
    expect(url).toBe(`http://127.0.0.1:${env.LEGACY_PORT}`);
    return { child, url, output: () => printed, exited };
  }

  const jobsOf = (installation: Installation, videoId: string) => installation.dataSource.getRepository(TranscodeJobEntity).findBy({ videoId });
  const renditionsOf = (installation: Installation, videoId: string) =>
    installation.dataSource.getRepository(RenditionEntity).find({ where: { videoId }, order: { preset: 'ASC' } });

  /** Signs up, uploads the clip and waits until its one transcode job is running and has reported `minProgress`. */
  async function uploadAndWaitForEncoding(installation: Installation, monolith: MonolithProcess, minProgress: number) {
    const customer = await signUpCustomer(monolith.url);
    const upload = await customer.upload(clip, 'restart me').expect(201);
    const videoId = upload.body.id as string;
    const [job] = await waitUntil(
      () => jobsOf(installation, videoId),
      (jobs) => jobs.length === 1 && (jobs[0]!.status !== 'processing' || jobs[0]!.progress >= minProgress),
      20_000,
      50,
    );
    // Failing here means the encode ended before it could be interrupted: the clip is too short for this machine.
    expect(job).toMatchObject({ status: 'processing', attempts: 1 });
    return { customer, videoId, jobId: job!.id };
  }

  /** What a stop in the middle must leave: the job still `processing` (queued again at the next start), nothing ready. */
  async function expectInterruptedState(installation: Installation, videoId: string, jobId: string): Promise<void> {
    const jobs = await jobsOf(installation, videoId);
    expect(jobs).toEqual([expect.objectContaining({ id: jobId, status: 'processing', attempts: 1 })]);
    const renditions = await renditionsOf(installation, videoId);
    expect(renditions.map(({ preset, status }) => ({ preset, status }))).toEqual([
      { preset: '1080p', status: 'skipped' },
      { preset: '480p', status: 'pending' },
      { preset: '720p', status: 'pending' },
      { preset: 'hls', status: 'pending' },
    ]);
    expect(renditions.every((rendition) => rendition.storageKey === null)).toBe(true);
  }

  /** Restarts on the same data folder and checks the job was finished once, by one attempt more, with one rendition per preset. */
  async function expectCompletedAfterRestart(installation: Installation, customer: Customer, videoId: string, jobId: string): Promise<void> {
    const restarted = await startMonolith(installation);
    // The token from before the restart still works: the keys are the same.
    const settled = await waitUntil(
      () => customer.get(`/api/videos/${videoId}`),
      (response) => response.status !== 200 || ['ready', 'failed'].includes(response.body.status as string),
      40_000,
      200,
    );
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'ready', error: null });
    expect(restarted.output()).toContain('jobs interrupted by a stop or crash are queued again');
    expect(restarted.output()).toContain('"requeued":1');

    const jobs = await jobsOf(installation, videoId);
    expect(jobs).toEqual([expect.objectContaining({ id: jobId, status: 'complete', attempts: 2, progress: 100, errorCode: null })]);

    const renditions = await renditionsOf(installation, videoId);
    expect(renditions.map(({ preset, status, jobId: owner }) => ({ preset, status, jobId: owner }))).toEqual([
      { preset: '1080p', status: 'skipped', jobId },
      { preset: '480p', status: 'ready', jobId },
      { preset: '720p', status: 'ready', jobId },
      { preset: 'hls', status: 'ready', jobId },
    ]);
    for (const rendition of renditions.filter(({ status }) => status === 'ready')) {
      expect(rendition.storageKey!.startsWith(`videos/${videoId}/jobs/${jobId}/${rendition.preset}/`)).toBe(true);
    }
    const renditionsShown = (settled.body.renditions as Array<{ preset: string; status: string }>).map(({ preset, status }) => ({ preset, status }));
    expect(renditionsShown).toEqual([
      { preset: '1080p', status: 'skipped' },
      { preset: '720p', status: 'ready' },
      { preset: '480p', status: 'ready' },
      { preset: 'hls', status: 'ready' },
    ]);

    const jobsDir = path.join(installation.storageDir, 'videos', videoId, 'jobs');
    expect(readdirSync(jobsDir)).toEqual([jobId]);
    const outputs = filesUnder(path.join(jobsDir, jobId));
    expect(outputs.filter((file) => file.endsWith('.mp4'))).toEqual(['480p/480p.mp4', '720p/720p.mp4']);
    expect(outputs).toContain('hls/master.m3u8');
    expect(filesUnder(installation.storageDir).filter((file) => path.basename(file).startsWith('.tmp-'))).toEqual([]);

    const download = await fetch(`${restarted.url}/api/videos/${videoId}/renditions/720p`, { headers: { authorization: `Bearer ${customer.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^video\/mp4/);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

    await customer.get(`/api/videos/${videoId}/metadata`).expect(200);
  }

  it('completes the job a crash interrupted, after the restart, with no duplicate renditions', async () => {
    const installation = await install();
    const first = await startMonolith(installation);
    // Past a third of the job, one encode at a time, largest first: the HLS output is already stored under the job's keys when the crash comes.
    const { customer, videoId, jobId } = await uploadAndWaitForEncoding(installation, first, 40);

    // A crash: the monolith and its ffmpeg die at once, with no chance to clean up.
    process.kill(-first.child.pid!, 'SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    await expectInterruptedState(installation, videoId, jobId);
    expect(filesUnder(path.join(installation.storageDir, 'videos', videoId, 'jobs'))).toContain(path.join(jobId, 'hls', 'master.m3u8'));

    await expectCompletedAfterRestart(installation, customer, videoId, jobId);
  }, 90_000);

  it('completes the job a graceful stop interrupted at the next start, with no duplicate renditions', async () => {
    const installation = await install();
    const first = await startMonolith(installation);
    const { customer, videoId, jobId } = await uploadAndWaitForEncoding(installation, first, 1);

    // As an orchestrator stops a container: SIGTERM to the server process only; it must stop its encoder itself.
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    await expect.poll(() => processGroupAlive(first.child.pid!), { timeout: 5_000 }).toBe(false);

    await expectInterruptedState(installation, videoId, jobId);

    await expectCompletedAfterRestart(installation, customer, videoId, jobId);
  }, 90_000);
});
