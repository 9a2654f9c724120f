import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createLogger, type Logger } from '../../../core/logging/create-logger';
import type { FunctionDefinition } from '../../../extracted-functions/registry';
import { createFunctionEnvironment } from './function-environment';
import { FunctionHost } from './function-host';
import { FunctionPool } from './function-pool';
import { serveInvoke, type InvokeRouteContext } from './invoke.route';
import { parseInvokeTarget } from './invoke-target.parser';
import { LambdaServiceError, writeServiceError } from './service-error';

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
  const environment = options.environment ?? {};
  const rootDir = resolve(options.rootDir);
  const settings = { rootDir, region: environment.AWS_REGION ?? 'us-east-1', environment };
  const pools = new Map(
    options.functions.map((definition) => {
      const startHost = () => new FunctionHost(definition, rootDir, createFunctionEnvironment(definition, settings), logger);
      return [definition.name, new FunctionPool(definition, startHost, logger)] as const;
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
  logger.info({ url, functions: [...pools.keys()] }, 'lambda runtime listening');
  return {
    url,
    close: async () => {
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
