import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FunctionDefinition } from '../../../extracted-functions/registry';

/** How a function misbehaves: `ok` runs the real handler; the others replace it. */
export type FaultMode = 'ok' | 'throw' | 'hang' | 'garbage';

/** A function's fault: `mode` on a share `rate` (0..1, default 1) of invocations, the real handler on the rest. */
export interface FunctionFault {
  readonly mode: FaultMode;
  readonly rate?: number;
}

/** Where the faults of an installation are switched: a file per function under its data folder, read at every invocation. */
export const faultControlDir = (dataDir: string) => path.join(dataDir, 'faults');

/** Switches `functionName`'s fault at run time; the next invocation obeys it (no restart, no cold start). */
export function setFunctionFault(dataDir: string, functionName: string, fault: FunctionFault): void {
  const dir = faultControlDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${functionName}.json`);
  // Renamed into place: an invocation never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(fault));
  renameSync(`${file}.tmp`, file);
}

/** The same functions, each served through the controllable wrapper (faulty-function.handler.ts) around its real handler. */
export function controllable(definitions: readonly FunctionDefinition[]): FunctionDefinition[] {
  return definitions.map((definition) => ({ ...definition, entry: 'test/support/faults/faulty-function.handler.ts', handler: 'handler' }));
}
