import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchRow } from '../bench-row';
import { appendToHistory, figureKey, formatTrend, historyEntry, readHistory, type HistoryEntry } from './history';

const rows: BenchRow[] = [
  { part: 'legacy', name: 'GET /health: our proxy', figures: { 'req/s': 3000 }, verdicts: [{ target: 'req/s >= 2.5x hpm', measured: 2.4, pass: false }] },
  { part: 'legacy', name: 'GET /health: direct', figures: { 'req/s': 5000 } },
  { part: 'lambda', name: 'auth cold start', figures: { 'p50 ms': 258.4 }, verdicts: [{ target: 'cold start <= 300 ms', measured: 258.4, pass: true }] },
];
const run = (date: string, commit: string, figures: Record<string, number>): HistoryEntry => ({ date, commit, machine: 'AMD EPYC x2', parts: ['legacy', 'lambda'], figures });
const hpm = figureKey('req/s >= 2.5x hpm', 'GET /health: our proxy');
const cold = figureKey('cold start <= 300 ms', 'auth cold start');

describe('the benchmark history', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps each judged figure of a run under its target and row, and nothing unjudged', () => {
    expect(historyEntry({ date: '2026-12-03T20:15:26.000Z', commit: 'cae0d04', machine: 'AMD EPYC x2', parts: ['legacy', 'lambda'], rows }).figures).toEqual({ [hpm]: 2.4, [cold]: 258.4 });
  });

  it('reads back what was appended, oldest first, skipping a line that does not parse; a missing file is no history', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
    const file = path.join(dir, 'history.jsonl');
    expect(readHistory(file)).toEqual([]);
    const first = run('2026-12-03T18:51:20.000Z', '143a6c7', { [hpm]: 1.91 });
    const second = run('2026-12-03T20:15:26.000Z', 'cae0d04', { [hpm]: 2.4 });

    appendToHistory(file, first);
    writeFileSync(file, '{"date": "cut off\n', { flag: 'a' });
    appendToHistory(file, second);

    expect(readHistory(file)).toEqual([first, second]);
  });

  it('shows each figure over the last runs that measured it, then this run, a dash where a run had none', () => {
    const history = [
      run('2026-12-03T10:00:00.000Z', 'aaaaaaa', { [hpm]: 1.5 }),
      run('2026-12-03T12:00:00.000Z', 'bbbbbbb', { [hpm]: 1.7, [cold]: 442.123 }),
      { ...run('2026-12-03T13:00:00.000Z', 'ccccccc', { other: 1 }), parts: ['pipeline'] },
      run('2026-12-03T18:51:20.000Z', 'ddddddd', { [cold]: 296 }),
    ];

    const width = Math.max(hpm.length, cold.length);
    const trend = formatTrend(history, run('2026-12-03T20:15:26.000Z', 'cae0d04+', { [hpm]: 2.4, [cold]: 258.4 }), 2);

    expect(trend.split('\n')).toEqual([
      'trend (runs 1-3, oldest first):',
      '  run 1: 2026-12-03T12:00Z bbbbbbb (AMD EPYC x2)',
      '  run 2: 2026-12-03T18:51Z ddddddd (AMD EPYC x2)',
      '  run 3: this run cae0d04+ (AMD EPYC x2)',
      `${hpm.padEnd(width)}       1.7         -       2.4`,
      `${cold.padEnd(width)}       442       296       258`,
    ]);
  });

  it('says so when no earlier run measured any of this run’s figures', () => {
    expect(formatTrend([run('2026-12-03T13:00:00.000Z', 'ccccccc', { other: 1 })], run('2026-12-03T20:15:26.000Z', 'cae0d04', { [hpm]: 2.4 }), 4)).toBe('trend: no earlier run recorded in bench/history.jsonl');
  });
});
