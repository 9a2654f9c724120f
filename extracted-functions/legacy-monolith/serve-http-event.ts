import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createServer, proxy } from 'aws-serverless-express';
import type { Express } from 'express';
import { toNodeRequestEvent } from './to-node-request-event';
import { toRestResult, type ForwardedResponse } from './to-rest-result';

interface HttpEventServerOptions {
  /** Response content types (type-is patterns) sent base64-encoded; any other body is sent as UTF-8 text. */
  readonly binaryMimeTypes?: readonly string[];
}

// Base64 is always safe, text only for UTF-8: media and downloads are binary, while JSON and HLS
// playlists (application/vnd.apple.mpegurl) stay readable text.
const defaultBinaryMimeTypes = ['application/octet-stream', 'video/*', 'audio/*', 'image/*', 'font/*', 'application/pdf', 'application/zip', 'application/gzip'];

// aws-serverless-express repeats the whole event (headers twice) in an x-apigateway-event request
// header: 10 KiB of client headers (the REST API limit) outgrow Node's 16 KiB default, a 431.
// Its createServer takes no options (CodeGenieApp/serverless-express#272); Node reads this per connection.
const maxHeaderBytes = 128 * 1024;

/**
 * Serves API Gateway REST API (payload 1.0) events with an Express app through aws-serverless-express:
 * one server per warm container, listening on a unix socket from the first invocation on and never
 * closed between invocations. One invocation at a time, as Lambda runs them: two at once before the
 * first listens would start it twice (ERR_SERVER_ALREADY_LISTEN).
 */
export function createHttpEventServer(app: Express, { binaryMimeTypes = defaultBinaryMimeTypes }: HttpEventServerOptions = {}) {
  const server = createServer(app, undefined, [...binaryMimeTypes]);
  Object.assign(server, { maxHeaderSize: maxHeaderBytes });
  // The listening socket alone must not keep a finished process (a test, a script) alive, nor
  // leave its file behind: a unix socket's file outlives a process that did not close it.
  server.unref();
  server.once('listening', () => process.once('exit', () => server.close()));
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    // Lists where it expects strings: it hands them to http.request and url.format, which take both.
    const forwarded = toNodeRequestEvent(event) as unknown as APIGatewayProxyEvent;
    return toRestResult((await proxy(server, forwarded, context, 'PROMISE').promise) as ForwardedResponse);
  };
}
