import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row';
import { measuresAsDefaults, readBenchSettings, type PartName } from './bench-settings';
import { appendToHistory, formatTrend, historyEntry, readHistory } from './report/history';
import { measuredCommit } from './report/measured-commit';
import { formatPart } from './report/print-table';
import { describeMachine, writeResults } from './report/write-results';
import { runFlipsSuite } from './suites/flips.suite';
import { runLambdaPathSuite } from './suites/lambda-path.suite';
import { runLegacyPathSuite } from './suites/legacy-path.suite';
import { runPipelineSuite } from './suites/pipeline.suite';
import { runShadowSuite } from './suites/shadow.suite';
import type { Suite } from './suites/suite';

// `npm run bench` (never part of npm test): every part in one run on one machine, each figure a
// median of rounds compared within the run; BENCH_ONLY=<part,...> runs a subset.
const suites: Record<PartName, Suite> = {
  legacy: runLegacyPathSuite,
  lambda: runLambdaPathSuite,
  flips: runFlipsSuite,
  shadow: runShadowSuite,
  pipeline: runPipelineSuite,
};

const titles: Record<PartName, string> = {
  legacy: '1. Legacy path overhead (and 6. memory): our proxy vs peers, same upstream',
  lambda: '2. Lambda path: GET /api/users/me on the auth function vs the monolith',
  flips: '3. Flip-to-effect: two proxy instances, and flips under load',
  shadow: '4. Shadow cost: customer latency with shadow on vs off at the fixed rate',
  pipeline: '5. Pipeline: upload-to-ready vs the bare ffmpeg script',
};

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const historyFile = path.join(benchDir, 'history.jsonl');
// The trend shows each judged figure over this many earlier runs.
const trendRuns = 4;

async function main(): Promise<void> {
  // The AWS SDK's notice that it will need Node 22 (README, "Start it") is known: printed by each
  // of the dozens of processes a run starts, it buried the tables.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const settings = readBenchSettings();
  const startedAt = new Date();
  const commit = measuredCommit(path.join(benchDir, '..'));
  console.log(`24-Hour Video benchmark, ${startedAt.toISOString()}, ${JSON.stringify(describeMachine())}`);
  console.log(`parts ${settings.parts.join(', ')}; ${settings.rounds} rounds; ${settings.seconds} s loads; fixed rate ${settings.rate}/s; ${settings.connections} connections at saturation\n`);
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  for (const part of settings.parts) {
    console.log(`== ${titles[part]}`);
    // A part that breaks is reported and the run goes on: the other parts' figures still count.
    const result = await suites[part](settings).catch((error: unknown) => {
      console.error(error);
      return { rows: [], details: { failed: error instanceof Error ? error.message : String(error) } };
    });
    rows.push(...result.rows);
    details[part] = result.details;
    console.log(result.rows.length ? `${formatPart(result.rows)}\n` : `part ${part} failed: see above; no figures\n`);
  }
  const verdicts = rows.flatMap((row) => row.verdicts ?? []);
  console.log(`targets: ${verdicts.filter((verdict) => verdict.pass).length} pass, ${verdicts.filter((verdict) => !verdict.pass).length} fall short`);
  const machine = describeMachine();
  const entry = historyEntry({ date: startedAt.toISOString(), commit, machine: `${machine.cpuModel} x${machine.cpus}`, parts: settings.parts, rows });
  console.log(`\n${formatTrend(readHistory(historyFile), entry, trendRuns)}\n`);
  if (!measuresAsDefaults(settings)) console.log('not added to bench/history.jsonl: only runs with the default rounds, seconds, rate and connections compare');
  else if (Object.keys(entry.figures).length > 0) {
    appendToHistory(historyFile, entry);
    console.log('added to bench/history.jsonl: commit it with what it measured');
  }
  const file = writeResults(path.join(benchDir, 'results'), { startedAt, settings, rows, details });
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
