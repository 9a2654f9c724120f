import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The one pino logger of a process. Tokens, passwords and secrets never reach the output. Lines
 * go to stdout unless a `destination` is given (a test reading what a process logged).
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  // In a Lambda, asynchronous writes can land after the invocation ended (or be lost when the
  // sandbox freezes): write synchronously there, so every line belongs to its invocation.
  return process.env.AWS_LAMBDA_FUNCTION_NAME ? pino(options, pino.destination({ sync: true })) : pino(options);
}
