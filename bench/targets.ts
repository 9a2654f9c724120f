import type { Verdict } from './bench-row';

interface Target {
  readonly text: string;
  readonly limit: number;
  readonly direction: 'at least' | 'at most';
}

const atLeast = (text: string, limit: number): Target => ({ text, limit, direction: 'at least' });
const atMost = (text: string, limit: number): Target => ({ text, limit, direction: 'at most' });

/** The targets of issue 8: what the benchmark judges each figure against. */
export const targets = {
  throughputVsHpm: atLeast('proxy req/s >= 2.5x bare http-proxy-middleware', 2.5),
  throughputVsFastify: atLeast('proxy req/s >= 0.6x @fastify/reply-from', 0.6),
  addedP50AtRate: atMost('proxy adds <= 1 ms to p50 at the fixed rate', 1),
  lambdaWarmOverheadP50: atMost('Lambda path adds <= 2 ms to p50 (function duration subtracted)', 2),
  lambdaColdStart: atMost('auth function cold start <= 300 ms', 300),
  flipP99Postgres: atMost('flip-to-effect p99 <= 100 ms (PostgreSQL)', 100),
  flipP99Sqlite: atMost('flip-to-effect p99 <= 1000 ms (SQLite)', 1000),
  failedDuringFlips: atMost('zero failed requests during flips', 0),
  shadowAddedP50: atMost('shadow adds <= 0.5 ms to the p50', 0.5),
  pipelineRatio: atMost('pipeline <= 1.15x the bare ffmpeg script', 1.15),
} satisfies Record<string, Target>;

/** Judges a measured figure against a target. */
export function judge(target: Target, measured: number): Verdict {
  const pass = target.direction === 'at least' ? measured >= target.limit : measured <= target.limit;
  return { target: target.text, measured, pass };
}
