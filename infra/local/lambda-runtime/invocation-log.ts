import type { HostRun } from './function-host';
import { LOG_TAIL_BYTES } from './lambda-limits';

/**
 * An invocation's log as CloudWatch shows it: init output on a cold start, then START, the
 * function's output, END and the REPORT line (with Init Duration on a cold start, and a Status
 * when the environment failed).
 */
export function formatInvocationLog(requestId: string, memoryMb: number, run: HostRun): string {
  const report = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${run.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(run.durationMs))} ms`,
    `Memory Size: ${memoryMb} MB`,
    `Max Memory Used: ${run.maxMemoryMb} MB`,
    ...(run.initDurationMs === undefined ? [] : [`Init Duration: ${run.initDurationMs.toFixed(2)} ms`]),
    ...reportStatus(run),
  ];
  return [
    run.initOutput,
    `START RequestId: ${requestId} Version: $LATEST\n`,
    run.output,
    // Lambda itself logs why the environment was lost before closing the invocation.
    run.failure === 'timeout' || run.failure === 'crash' ? `${run.outcome.ok ? '' : run.outcome.error.errorMessage}\n` : '',
    `END RequestId: ${requestId}\n`,
    `${report.join('\t')}\t\n`,
  ].join('');
}

/** The value of X-Amz-Log-Result: the last 4 KB of the log, base64-encoded. */
export function toLogResult(log: string): string {
  return Buffer.from(log, 'utf8').subarray(-LOG_TAIL_BYTES).toString('base64');
}

function reportStatus(run: HostRun): string[] {
  if (run.failure === undefined || run.outcome.ok) return [];
  if (run.failure === 'timeout') return ['Status: timeout'];
  return ['Status: error', `Error Type: ${run.outcome.error.errorType}`];
}
