import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** Hands an event to Lambda's asynchronous queue for a function (InvocationType Event); resolves once it is queued. */
export async function invokeAsync(client: LambdaClient, functionName: string, payload: string | Uint8Array): Promise<void> {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const result = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: bytes }));
  if (result.StatusCode !== 202) throw new Error(`Lambda did not queue the event for ${functionName}: status ${String(result.StatusCode)}`);
}
