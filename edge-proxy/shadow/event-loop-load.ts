import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * How busy this process's event loop was over the last completed window (0 to 1, Node's event loop
 * utilization), measured again at most once a window: cheap enough to ask for every request.
 */
export function recentEventLoopUtilization(windowMs = 250): () => number {
  let windowStart: EventLoopUtilization = performance.eventLoopUtilization();
  let windowStartedAt = performance.now();
  let utilization = 0;
  return () => {
    const now = performance.now();
    if (now - windowStartedAt >= windowMs) {
      const current = performance.eventLoopUtilization();
      utilization = performance.eventLoopUtilization(current, windowStart).utilization;
      windowStart = current;
      windowStartedAt = now;
    }
    return utilization;
  };
}
