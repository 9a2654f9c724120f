/**
 * Wraps `task` so that at most one run is in flight and at most one more is queued: every call
 * made while a run is in flight shares the queued run, which starts after the call was made,
 * so a burst of N calls costs two runs and no caller gets the result of a run that began before it.
 */
export function coalesceRuns(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (!running) {
      running = task().finally(() => {
        running = undefined;
      });
      return running;
    }
    // The queued run waits for the one in flight to settle, whatever its outcome.
    queued ??= running.then(startQueued, startQueued);
    return queued;
  };
  const startQueued = (): Promise<void> => {
    queued = undefined;
    return run();
  };
  return run;
}
