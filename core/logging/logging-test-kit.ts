import type { Logger } from 'pino';
import { createLogger } from './create-logger';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

/** A process's logger (same options, redaction included) whose lines are kept, parsed, in `lines` instead of printed. */
export function capturingLogger(name: string, level = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger(name, level, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}
