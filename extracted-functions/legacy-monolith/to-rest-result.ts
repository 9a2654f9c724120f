import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Response } from 'aws-serverless-express';

/** What aws-serverless-express resolves with (its types leave out isBase64Encoded). */
export type ForwardedResponse = Response & { isBase64Encoded?: boolean };

// They described the socket between aws-serverless-express and the app; API Gateway would show
// them to callers renamed (x-amzn-Remapped-Connection).
const connectionHeaders = new Set(['connection', 'keep-alive']);

/**
 * Turns the app's response as aws-serverless-express collected it into a REST API (payload 1.0)
 * result. It spells each cookie's header differently ('Set-cookie', 'sEt-cookie'…) to fit them in
 * `headers`; here they become one `multiValueHeaders['set-cookie']` list, as format 1.0 intends.
 */
export function toRestResult({ statusCode, headers, body, isBase64Encoded = false }: ForwardedResponse): APIGatewayProxyResult {
  const entries = Object.entries(headers as Record<string, string>);
  // Only its own failures (app unreachable, request not sendable) come without a single header:
  // failing the invocation counts them as errors, and the edge proxy answers its legacy 502.
  if (entries.length === 0) throw new Error(`aws-serverless-express could not forward the request to the app (it answered ${statusCode}; its log has the cause)`);
  const singleValueHeaders: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (key === 'set-cookie') cookies.push(value);
    else if (!connectionHeaders.has(key)) singleValueHeaders[name] = value;
  }
  return {
    statusCode,
    headers: singleValueHeaders,
    ...(cookies.length > 0 ? { multiValueHeaders: { 'set-cookie': cookies } } : {}),
    body,
    isBase64Encoded,
  };
}
