import { mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FfprobeMediaProbe } from '../core/media/adapters/ffprobe.media-probe';
import { locateMediaBinaries } from '../core/media/adapters/media-binaries';
import { FfmpegTranscoder } from '../core/transcoding/adapters/ffmpeg.transcoder';
import { hlsVariants, presets } from '../core/transcoding/presets';
import { canEncodeWithoutUpscaling } from '../core/transcoding/upscaling';
import { startSystem, type RunningSystem } from './start-system';

// The media path (never part of npm test): upload throughput straight to the monolith and through
// the proxy, and upload-to-ready time of a clip against ffmpeg encoding the same ladder alone, in one run.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const uploadMiB = Number(process.env.BENCH_UPLOAD_MIB ?? 256);
const clipSeconds = Number(process.env.BENCH_CLIP_SECONDS ?? 10);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const binaries = locateMediaBinaries();

/** A large file that sniffs as MP4 (an ftyp box, then zeros): uploads fast, fails transcoding at once. */
async function makeLargeUpload(dir: string): Promise<string> {
  const file = path.join(dir, 'large.mp4');
  const handle = await open(file, 'w');
  await handle.write(Buffer.from('0000001c667479706d703432000000006d70343269736f6d', 'hex'));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < uploadMiB; i++) await handle.write(chunk);
  await handle.close();
  return file;
}

async function makeClip(dir: string): Promise<string> {
  const file = path.join(dir, `clip-1280x720-${clipSeconds}s.mp4`);
  const source = ['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${clipSeconds}`, '-f', 'lavfi', '-i', `sine=duration=${clipSeconds}`];
  await promisify(execFile)(binaries.ffmpegPath, ['-nostdin', '-v', 'error', '-y', ...source, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

async function upload(url: string, token: string, file: string): Promise<{ seconds: number; id: string }> {
  const form = new FormData();
  form.append('file', await openAsBlob(file), path.basename(file));
  const started = performance.now();
  const response = await fetch(`${url}/api/videos`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
  return { seconds: (performance.now() - started) / 1000, id: body.id };
}

async function waitReady(url: string, token: string, id: string): Promise<void> {
  for (;;) {
    const video = (await (await fetch(`${url}/api/videos/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
    if (video.status === 'ready') return;
    if (video.status === 'failed') throw new Error(`video ${id} failed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** ffmpeg alone: probe and encode every preset the clip fills, one after the other, as one job does. */
async function encodeLadderAlone(clip: string, scratch: string): Promise<number> {
  const transcoder = new FfmpegTranscoder({ ffmpegPath: binaries.ffmpegPath, speed: 'veryfast' });
  const started = performance.now();
  const source = await new FfprobeMediaProbe({ ffprobePath: binaries.ffprobePath }).probe(clip);
  for (const preset of presets.filter((candidate) => canEncodeWithoutUpscaling(candidate, hlsVariants, source.video!))) {
    const outputDir = await mkdtemp(path.join(scratch, `${preset.id}-`));
    await transcoder.transcode({ inputPath: clip, outputDir, preset, source });
  }
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), '24hv-bench-media-'));
  const system = await startSystem({ edge: 3110, legacy: 3111, runtime: 3112 });
  try {
    const [large, clip] = [await makeLargeUpload(dir), await makeClip(dir)];
    const signup = await fetch(`${system.proxyUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'correct horse', name: 'Bench' }),
    });
    const { token } = (await signup.json()) as { token: string };

    const throughput = async (url: string) => median(await sequence(() => upload(url, token, large).then(({ seconds }) => uploadMiB / seconds)));
    const direct = await throughput(system.legacyUrl);
    const proxied = await throughput(system.proxyUrl);

    const alone = median(await sequence(() => encodeLadderAlone(clip, dir)));
    const uploadToReady = async () =>
      median(
        await sequence(async () => {
          const started = performance.now();
          const { id } = await upload(system.proxyUrl, token, clip);
          await waitReady(system.proxyUrl, token, id);
          return (performance.now() - started) / 1000;
        }),
      );
    const platform = await uploadToReady();
    // The same pipeline with its steps served by their Lambdas (events through the local runtime).
    for (const capability of ['transcoding', 'metadata', 'notifications']) await flip(system, capability, 'lambda');
    const onLambdas = await uploadToReady();

    const rows = {
      uploadDirectMiBps: direct,
      uploadViaProxyMiBps: proxied,
      uploadProxyRatio: proxied / direct,
      ladderAloneSeconds: alone,
      uploadToReadySeconds: platform,
      pipelineRatio: platform / alone,
      uploadToReadyOnLambdasSeconds: onLambdas,
      pipelineOnLambdasRatio: onLambdas / alone,
    };
    console.log(`\n${rounds} rounds, median; upload of ${uploadMiB} MiB; ladder of a ${clipSeconds} s 1280x720 clip (veryfast)\n`);
    console.log(`upload, monolith direct      ${direct.toFixed(0).padStart(6)} MiB/s`);
    console.log(`upload, proxy -> monolith    ${proxied.toFixed(0).padStart(6)} MiB/s   ${(proxied / direct).toFixed(2)}x of direct`);
    console.log(`ffmpeg alone, whole ladder   ${alone.toFixed(2).padStart(6)} s`);
    console.log(`upload to ready via proxy    ${platform.toFixed(2).padStart(6)} s       ${(platform / alone).toFixed(2)}x of ffmpeg alone`);
    console.log(`  steps on their Lambdas     ${onLambdas.toFixed(2).padStart(6)} s       ${(onLambdas / alone).toFixed(2)}x of ffmpeg alone`);
    const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, 'pipeline.json');
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, rounds, uploadMiB, clipSeconds, rows }, null, 2));
    console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function flip(system: RunningSystem, capability: string, state: string): Promise<void> {
  const response = await fetch(`${system.proxyUrl}/_strangler/api/flags/${capability}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ state, reason: 'pipeline benchmark', force: true }),
  });
  if (!response.ok) throw new Error(`flip of ${capability} failed: ${response.status} ${await response.text()}`);
}

async function sequence(run: () => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let round = 0; round < rounds; round++) results.push(await run());
  return results;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
