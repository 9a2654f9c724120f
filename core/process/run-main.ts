import { ConfigError } from '../config/read-env';

/**
 * Runs a process's main function. A configuration error prints its message alone (it names
 * the variable to fix); anything else prints in full, since it is a fault to investigate.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
