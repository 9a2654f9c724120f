import type { Logger } from '../logging/create-logger';

/**
 * Runs `stop` on the first SIGINT or SIGTERM, then exits: 0 once it finished, 1 if it failed.
 * A terminal's Ctrl-C signals the whole process group and the launcher then sends its children
 * SIGTERM: a later signal finds the stop under way and changes nothing (a second cleanup would
 * close what is already closed, and fail).
 */
export function stopOnceOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
