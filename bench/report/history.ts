import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { BenchRow } from '../bench-row';

/** One run in bench/history.jsonl: the figures its targets judged, keyed by target and row. */
export interface HistoryEntry {
  readonly date: string;
  /** The commit measured; `+` marks uncommitted changes. */
  readonly commit: string;
  readonly machine: string;
  readonly parts: readonly string[];
  readonly figures: Readonly<Record<string, number>>;
}

/** How a judged figure is named in the history: its target, and the row it judged. */
export const figureKey = (target: string, rowName: string) => `${target} [${rowName}]`;

/** The judged figures of a run, as the history keeps them. */
export function historyEntry(run: { date: string; commit: string; machine: string; parts: readonly string[]; rows: readonly BenchRow[] }): HistoryEntry {
  const figures = Object.fromEntries(run.rows.flatMap((row) => (row.verdicts ?? []).map((verdict) => [figureKey(verdict.target, row.name), verdict.measured] as const)));
  return { date: run.date, commit: run.commit, machine: run.machine, parts: run.parts, figures };
}

/** Every run recorded so far, oldest first; a line that does not parse is skipped, not fatal. */
export function readHistory(file: string): HistoryEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as HistoryEntry];
      } catch {
        return [];
      }
    });
}

export function appendToHistory(file: string, entry: HistoryEntry): void {
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

const formatFigure = (value: number | undefined) => (value === undefined ? '-' : Number(value.toPrecision(3)).toString());

/**
 * The trend of each figure this run judged: its value in the last `count` recorded runs that
 * measured it, oldest first, then this run's. Runs on other machines are shown as they are: the
 * header names each run's machine, since figures compare best on one.
 */
export function formatTrend(history: readonly HistoryEntry[], current: HistoryEntry, count: number): string {
  const keys = Object.keys(current.figures);
  const earlier = history.filter((entry) => keys.some((key) => key in entry.figures)).slice(-count);
  if (earlier.length === 0) return 'trend: no earlier run recorded in bench/history.jsonl';
  const runs = [...earlier, current];
  const header = runs.map((run, index) => `${index === runs.length - 1 ? 'this run' : `${run.date.slice(0, 16)}Z`} ${run.commit} (${run.machine})`);
  const width = Math.max(...keys.map((key) => key.length));
  const lines = runs.map((run, index) => `  run ${index + 1}: ${header[index]}`);
  for (const key of keys) lines.push(`${key.padEnd(width)}  ${runs.map((run) => formatFigure(run.figures[key]).padStart(8)).join('  ')}`);
  return [`trend (runs 1-${runs.length}, oldest first):`, ...lines].join('\n');
}
