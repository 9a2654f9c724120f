import * as z from 'zod';
import { readEnv } from '../core/config/read-env';

/** The parts of `npm run bench`, in the order they run. */
export const partNames = ['legacy', 'lambda', 'flips', 'shadow', 'pipeline'] as const;
export type PartName = (typeof partNames)[number];

export interface BenchSettings {
  /** Parts to run (BENCH_ONLY=legacy,shadow), all by default. */
  readonly parts: readonly PartName[];
  /** Rounds of each measurement; every figure is the median of them. */
  readonly rounds: number;
  /** Seconds of each timed load (saturation and fixed rate alike). */
  readonly seconds: number;
  /** The fixed moderate rate, requests per second. */
  readonly rate: number;
  /** Connections of a saturating load. */
  readonly connections: number;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** What every measurement takes unless told otherwise: runs with these compare with one another. */
const defaults = { rounds: 3, seconds: 5, rate: 500, connections: 32 } as const;

const schema = z.object({
  BENCH_ONLY: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(partNames, { error: (issue) => `unknown part ${JSON.stringify(issue.input)}: expected some of ${partNames.join(', ')}` })).min(1))
    .optional(),
  BENCH_ROUNDS: positiveInt(defaults.rounds),
  BENCH_SECONDS: positiveInt(defaults.seconds),
  BENCH_RATE: positiveInt(defaults.rate),
  BENCH_CONNECTIONS: positiveInt(defaults.connections),
});

/** Reads the benchmark's settings from the environment, once. */
export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const vars = readEnv(schema, env);
  const only = new Set(vars.BENCH_ONLY ?? partNames);
  return { parts: partNames.filter((part) => only.has(part)), rounds: vars.BENCH_ROUNDS, seconds: vars.BENCH_SECONDS, rate: vars.BENCH_RATE, connections: vars.BENCH_CONNECTIONS };
}

/** True when a run measured as every run does by default: only such runs go into the history. */
export function measuresAsDefaults(settings: BenchSettings): boolean {
  return settings.rounds === defaults.rounds && settings.seconds === defaults.seconds && settings.rate === defaults.rate && settings.connections === defaults.connections;
}
