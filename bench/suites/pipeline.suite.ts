import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FfprobeMediaProbe } from '../../core/media/adapters/ffprobe.media-probe';
import { locateMediaBinaries } from '../../core/media/adapters/media-binaries';
import { FfmpegTranscoder } from '../../core/transcoding/adapters/ffmpeg.transcoder';
import { hlsVariants, presets } from '../../core/transcoding/presets';
import { readTranscodingConfig } from '../../core/transcoding/transcoding.config';
import { canEncodeWithoutUpscaling } from '../../core/transcoding/upscaling';
import type { BenchSettings } from '../bench-settings';
import { startSystem, type RunningSystem } from '../start-system';
import { median, spreadOf } from '../stats';
import { signUp } from '../system-client';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';

// Part 5: upload-to-ready of a 10 s 720p clip through the proxy against a shell script running the
// bare ffmpeg commands that produce the same renditions, as many at once as there are cores.
const clipSeconds = 10;
// Far beyond a healthy run (tens of seconds): past it the pipeline is stalled, not slow.
const readyWithinMs = 300_000;
const run = promisify(execFile);
const binaries = locateMediaBinaries();
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

async function makeClip(dir: string): Promise<string> {
  const file = path.join(dir, `clip-1280x720-${clipSeconds}s.mp4`);
  const source = ['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${clipSeconds}`, '-f', 'lavfi', '-i', `sine=duration=${clipSeconds}`];
  await run(binaries.ffmpegPath, ['-nostdin', '-v', 'error', '-y', ...source, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

/**
 * The exact ffmpeg command lines the platform's transcoder runs for the clip's ladder, recorded by
 * handing it a stand-in ffmpeg that writes its arguments down (and the file it was asked for).
 */
async function recordLadderCommands(clip: string, dir: string): Promise<string[]> {
  const log = path.join(dir, 'commands.log');
  const recorder = path.join(dir, 'record-ffmpeg.sh');
  writeFileSync(recorder, `#!/bin/sh\nfor arg in "$@"; do printf '%s\\037' "$arg"; done >> ${quote(log)}\nprintf '\\n' >> ${quote(log)}\nfor last in "$@"; do :; done\n: > "$last"\n`);
  chmodSync(recorder, 0o755);
  const transcoder = new FfmpegTranscoder({ ffmpegPath: recorder, speed: readTranscodingConfig().encoderSpeed });
  const source = await new FfprobeMediaProbe({ ffprobePath: binaries.ffprobePath }).probe(clip);
  for (const preset of presets.filter((candidate) => canEncodeWithoutUpscaling(candidate, hlsVariants, source.video!))) {
    const outputDir = path.join(dir, 'outputs', preset.id);
    await mkdir(outputDir, { recursive: true });
    await transcoder.transcode({ inputPath: clip, outputDir, preset, source });
  }
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  return lines.map((line) => [binaries.ffmpegPath, ...line.split('\x1f').filter((arg, index, all) => index < all.length - 1 || arg !== '')].map(quote).join(' ') + ' > /dev/null');
}

/** The bare script: ffprobe the clip, then every encode, as many at once as there are cores. */
function writeBareScript(dir: string, clip: string, commands: string[]): string {
  const script = path.join(dir, 'bare-ffmpeg.sh');
  const lines = [
    '#!/bin/bash',
    'set -euo pipefail',
    `${quote(binaries.ffprobePath)} -v error -show_format -show_streams -of json ${quote(clip)} > /dev/null`,
    `printf '%s\\0' ${commands.map(quote).join(' ')} | xargs -0 -P "$(nproc)" -I{} bash -c '{}'`,
  ];
  writeFileSync(script, `${lines.join('\n')}\n`);
  chmodSync(script, 0o755);
  return script;
}

async function uploadToReady(system: RunningSystem, token: string, clip: string): Promise<number> {
  const startedAt = performance.now();
  const form = new FormData();
  form.append('file', await openAsBlob(clip), path.basename(clip));
  const response = await fetch(`${system.proxyUrl}/api/videos`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const { id } = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
  for (;;) {
    const video = (await (await fetch(`${system.proxyUrl}/api/videos/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
    if (video.status === 'ready') return (performance.now() - startedAt) / 1000;
    if (video.status === 'failed') throw new Error(`video ${id} failed`);
    if (performance.now() - startedAt > readyWithinMs) throw new Error(`video ${id} still ${video.status} after ${readyWithinMs / 1000} s: see the system's lambda-logs (a function that cannot start within its timeout stalls the pipeline)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Part 5: the pipeline's overhead over the bare ffmpeg script, in one run. */
export async function runPipelineSuite(settings: BenchSettings): Promise<SuiteResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), '24hv-bench-media-'));
  const system = await startSystem({ edge: 3180, legacy: 3181, runtime: 3182 });
  try {
    const clip = await makeClip(dir);
    const commands = await recordLadderCommands(clip, dir);
    const script = writeBareScript(dir, clip, commands);
    const { token } = await signUp(system);
    // Warm-up, not measured: the functions' cold starts (part 2 measures those) and the first encode's page cache.
    await uploadToReady(system, token, clip);
    const bare: number[] = [];
    const platform: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      // The recording left every output folder in place; ffmpeg -y overwrites what a round before wrote.
      const startedAt = performance.now();
      await run(script);
      bare.push((performance.now() - startedAt) / 1000);
      platform.push(await uploadToReady(system, token, clip));
    }
    const ratios = platform.map((seconds, index) => seconds / bare[index]!);
    return {
      rows: [
        { part: 'pipeline', name: `bare ffmpeg script (${commands.length} encodes, ${os.availableParallelism()} at once)`, figures: { seconds: median(bare) }, spread: { seconds: spreadOf(bare) } },
        {
          part: 'pipeline',
          name: `upload to ready via proxy, ${clipSeconds} s 720p clip`,
          figures: { seconds: median(platform), 'x bare script': median(ratios) },
          spread: { seconds: spreadOf(platform), 'x bare script': spreadOf(ratios) },
          verdicts: [judge(targets.pipelineRatio, median(ratios))],
        },
      ],
      details: { commands, bare, platform, ratios },
    };
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
