/**
 * Turns a stream of 0..1 fractions into whole percentages written at most every `intervalMs`
 * (encoders report many times a second; the database needs a few updates per job).
 */
export function throttleProgress(write: (percent: number) => Promise<void>, intervalMs: number, now: () => number = Date.now): (fraction: number) => void {
  let lastPercent = 0;
  let lastWrite = -Infinity;
  return (fraction) => {
    // 100 is written by completion, together with the outputs.
    const percent = Math.min(99, Math.max(0, Math.floor(fraction * 100)));
    if (percent <= lastPercent || now() - lastWrite < intervalMs) return;
    lastPercent = percent;
    lastWrite = now();
    void write(percent);
  };
}
