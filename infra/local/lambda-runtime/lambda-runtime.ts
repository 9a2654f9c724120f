import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../../core/logging/create-logger';
import type { FunctionDefinition } from '../../../extracted-functions/registry';
import { createFunctionEnvironment } from './function-environment';
import { FunctionBundles } from './function-bundles';
import { FunctionHost } from './function-host';
import { FunctionPool, type FailedEvent } from './function-pool';
import { scheduledEvent } from './scheduled-event';
import { serveInvoke, type InvokeRouteContext } from './invoke.route';
import { parseInvokeTarget, toFunctionArn } from './invoke-target.parser';
import { LambdaServiceError, writeServiceError } from './service-error';

const HOST_SCRIPT = fileURLToPath(new URL('./function-host.main.ts', import.meta.url));

/** What the runtime serves and where. */
export interface LambdaRuntimeOptions {
  readonly functions: readonly FunctionDefinition[];
  /** 0 picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Repository root: function entries resolve against it, and functions run in it. */
  readonly rootDir: string;
  /** Extra environment of every function process (AWS_REGION here sets the region, us-east-1 otherwise). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** Asynchronous invocations: retries after the first attempt (Lambda: 2) and the wait before the first. */
  readonly asyncRetries?: number;
  readonly asyncRetryDelayMs?: number;
  /** The on-failure destination of asynchronous invocations; without one, failures are only logged. */
  readonly onEventFailure?: (event: FailedEvent) => Promise<void>;
  /** Environments per function serving asynchronous events at once (default 2). */
  readonly asyncConcurrency?: number;
  /** Functions given one warm environment at start, as provisioned concurrency would (none by default). */
  readonly prewarm?: readonly string[];
  /** Period of every function's schedule, overriding its `scheduleSeconds` (short locally, for a demo or a test). */
  readonly schedulePeriodMs?: number;
  /** Where each invocation's log goes (START, the function's output, END, REPORT), as CloudWatch Logs would keep it; nowhere by default. */
  readonly functionLogs?: (functionName: string, log: string) => void;
}

/** A running runtime. */
export interface LambdaRuntime {
  /** Base URL to give LambdaClient as `endpoint`. */
  readonly url: string;
  /** Kills every function process, then closes the server. */
  close(): Promise<void>;
}

/** Starts an HTTP server that speaks the Lambda Invoke API and runs each function in its own processes. */
export async function startLambdaRuntime(options: LambdaRuntimeOptions): Promise<LambdaRuntime> {
  const logger = options.logger ?? createLogger('lambda-runtime', 'silent');
  const unknown = (options.prewarm ?? []).filter((name) => !options.functions.some((definition) => definition.name === name));
  if (unknown.length > 0) throw new Error(`Cannot pre-warm ${unknown.join(', ')}: the runtime serves no such function`);
  const rootDir = resolve(options.rootDir);
  // Under the root's node_modules, where the bundles' external packages resolve from.
  const bundles = new FunctionBundles(rootDir, join(rootDir, 'node_modules', '.cache', 'lambda-runtime'));
  const hostScript = await bundles.bundleOf(HOST_SCRIPT);
  // Built in the background, ahead of the first cold start that needs them; a failed build fails that init.
  for (const definition of options.functions) bundles.bundleOf(definition.entry).catch(() => undefined);
  // Functions reach this runtime (asynchronous invocations of other functions) at its own URL, known once it listens.
  const environment: Record<string, string> = { ...options.environment };
  const settings = { rootDir, region: environment.AWS_REGION ?? 'us-east-1', environment };
  const asyncPolicy = {
    retries: options.asyncRetries ?? 2,
    retryDelayMs: options.asyncRetryDelayMs ?? 60_000,
    maxConcurrency: options.asyncConcurrency ?? 2,
    onFailure: options.onEventFailure ?? (async () => undefined),
  };
  const pools = new Map(
    options.functions.map((definition) => {
      const code = { hostScript, functionModule: () => bundles.bundleOf(definition.entry) };
      const startHost = () => new FunctionHost(definition, code, rootDir, createFunctionEnvironment(definition, settings), logger);
      const keepLog = (log: string) => options.functionLogs?.(definition.name, log);
      return [definition.name, new FunctionPool(definition, startHost, logger, asyncPolicy, keepLog)] as const;
    }),
  );
  const context = { pools, region: settings.region };
  const inFlight = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const serving = serveRequest(request, response, context, logger);
    inFlight.add(serving);
    void serving.finally(() => inFlight.delete(serving));
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  environment.LAMBDA_ENDPOINT = url;
  const schedules = options.functions.flatMap((definition) => {
    if (definition.scheduleSeconds === undefined) return [];
    const pool = pools.get(definition.name)!;
    // A tick while the previous one is still queued or running is skipped: locally, ticks must
    // not pile up cold starts on a busy machine.
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      const payload = JSON.stringify(scheduledEvent(definition.name, settings.region, new Date()));
      pool.enqueue({ requestId: randomUUID(), payload, invokedFunctionArn: toFunctionArn(definition.name, settings.region), clientContext: undefined }, () => {
        running = false;
      });
    }, options.schedulePeriodMs ?? definition.scheduleSeconds * 1000);
    timer.unref();
    return [timer];
  });
  for (const name of options.prewarm ?? []) void pools.get(name)!.prewarm();
  logger.info({ url, functions: [...pools.keys()] }, 'lambda runtime listening');
  return {
    url,
    close: async () => {
      for (const timer of schedules) clearInterval(timer);
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      // Requests whose function was just killed still get their answer before connections drop.
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await serverClosed;
    },
  };
}

async function serveRequest(request: IncomingMessage, response: ServerResponse, context: InvokeRouteContext, logger: Logger): Promise<void> {
  const requestId = randomUUID();
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const target = request.method === 'POST' ? parseInvokeTarget(url) : undefined;
    if (target === undefined) {
      const operation = `${request.method ?? ''} ${url.pathname}`;
      throw new LambdaServiceError('UnknownOperationException', `No operation serves ${operation}: this runtime implements Invoke only (POST /2015-03-31/functions/{FunctionName}/invocations).`);
    }
    await serveInvoke(request, response, target, requestId, context);
  } catch (error) {
    if (!(error instanceof LambdaServiceError)) logger.error({ err: error, requestId }, 'failed to serve a request');
    if (response.headersSent) response.destroy();
    else writeServiceError(response, error instanceof LambdaServiceError ? error : new LambdaServiceError('ServiceException', 'The local Lambda runtime failed to serve the request.'), requestId);
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
