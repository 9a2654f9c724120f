import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A path parameter as API Gateway decoded it; '' when absent, which every lookup then refuses as unknown. */
export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  return event.pathParameters?.[name] ?? '';
}
