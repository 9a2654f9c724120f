import { exitedError, timedOutError } from './function-errors';
import type { PhaseOutcome } from './host-messages';
import { LOG_TAIL_BYTES } from './lambda-limits';

// Output normally trails the outcome by milliseconds; a function that closed its own stdout must
// not hang the invocation waiting for a marker that never comes.
const OUTPUT_GRACE_MS = 1_000;

/** How a phase went; `failure` says whether the environment died under it. */
export interface PhaseResult {
  readonly outcome: PhaseOutcome;
  readonly failure: 'timeout' | 'crash' | undefined;
  /** The tail of the output written during the phase. */
  readonly output: string;
}

/**
 * One phase on a host (the init or one invocation). It ends once its outcome and its phase-end
 * markers on both stdout and stderr have arrived, or when the process dies; past its time limit it
 * asks for the process to be killed and ends as a timeout.
 */
export class HostPhase {
  readonly result: Promise<PhaseResult>;
  private output = '';
  private outcome: PhaseOutcome | undefined;
  private markers = 0;
  private timedOut = false;
  private readonly timeoutTimer: NodeJS.Timeout;
  private graceTimer: NodeJS.Timeout | undefined;
  private finish: (result: PhaseResult) => void = () => undefined;

  constructor(
    readonly id: string,
    readonly requestId: string,
    private readonly timeoutMs: number,
    killProcess: () => void,
  ) {
    this.result = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.timeoutTimer = setTimeout(() => {
      this.timedOut = true;
      killProcess();
    }, timeoutMs);
  }

  /** Keeps what the Tail log type could need: only the last 4 KB are ever returned. */
  appendOutput(text: string): void {
    this.output = (this.output + text).slice(-LOG_TAIL_BYTES);
  }

  receiveMarker(phaseId: string): void {
    if (phaseId !== this.id) return;
    this.markers += 1;
    if (this.outcome !== undefined && this.markers >= 2) this.end(this.outcome, undefined);
  }

  receiveOutcome(phaseId: string, outcome: PhaseOutcome): void {
    if (phaseId !== this.id || this.outcome !== undefined) return;
    this.outcome = outcome;
    if (this.markers >= 2) this.end(outcome, undefined);
    else this.graceTimer = setTimeout(() => this.end(outcome, undefined), OUTPUT_GRACE_MS);
  }

  /** The process is gone: an outcome it managed to send still stands. */
  endWithExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.outcome !== undefined) this.end(this.outcome, undefined);
    else if (this.timedOut) this.end({ ok: false, error: timedOutError(this.requestId, this.timeoutMs, new Date()) }, 'timeout');
    else this.end({ ok: false, error: exitedError(this.requestId, code, signal) }, 'crash');
  }

  private end(outcome: PhaseOutcome, failure: PhaseResult['failure']): void {
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.graceTimer);
    this.finish({ outcome, failure, output: this.output });
  }
}
