export interface ProgressThrottleOptions {
  readonly intervalMs: number;
  /** Told when a write fails; progress is advisory, so the encode goes on. */
  readonly onWriteError: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Turns a stream of 0..1 fractions into whole percentages written at most every `intervalMs`
 * (encoders report many times a second; the database needs a few updates per job).
 */
export function throttleProgress(write: (percent: number) => Promise<void>, { intervalMs, onWriteError, now = Date.now }: ProgressThrottleOptions): (fraction: number) => void {
  let lastPercent = 0;
  let lastWrite = -Infinity;
  return (fraction) => {
    // 100 is written by completion, together with the outputs.
    const percent = Math.min(99, Math.max(0, Math.floor(fraction * 100)));
    if (percent <= lastPercent || now() - lastWrite < intervalMs) return;
    lastPercent = percent;
    lastWrite = now();
    // A failed write must not fail (or, left unhandled, crash) the encode.
    write(percent).catch(onWriteError);
  };
}
