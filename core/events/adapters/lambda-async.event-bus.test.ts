import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaAsyncEventBus } from './lambda-async.event-bus';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const bus = new LambdaAsyncEventBus({
  client,
  subscribers: {
    'storage.object-created': ['legacy-monolith', 'transcoding', 'metadata'],
    'videos.outcome': ['notifications'],
    'nobody.listens': [],
  },
});

// Title with an accent and an emoji: the payload must be the JSON's UTF-8 bytes, not its UTF-16 units.
const event = { Records: [{ eventSource: 'aws:s3', s3: { object: { key: 'videos/5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41/source', title: 'Férias 🎬' } } }] };

/** The bytes an invocation carried; anything but bytes (a string, a stream) fails the test. */
function payloadBytes(payload: unknown): Uint8Array {
  if (!(payload instanceof Uint8Array)) throw new Error(`expected the payload as bytes, got ${typeof payload}`);
  return payload;
}

const invocations = () =>
  lambda.commandCalls(InvokeCommand).map((call) => {
    const { Payload, ...rest } = call.args[0].input;
    return { ...rest, payload: new TextDecoder().decode(payloadBytes(Payload)) };
  });

beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

describe('LambdaAsyncEventBus', () => {
  it('invokes each function subscribed to the topic asynchronously, with the event as JSON', async () => {
    await bus.publish('storage.object-created', event);

    const json = JSON.stringify(event);
    expect(invocations()).toEqual([
      { FunctionName: 'legacy-monolith', InvocationType: 'Event', payload: json },
      { FunctionName: 'transcoding', InvocationType: 'Event', payload: json },
      { FunctionName: 'metadata', InvocationType: 'Event', payload: json },
    ]);
  });

  it('sends the UTF-8 bytes of the JSON', async () => {
    await bus.publish('videos.outcome', event);

    const [call] = lambda.commandCalls(InvokeCommand);
    expect(Buffer.from(payloadBytes(call?.args[0].input.Payload))).toEqual(Buffer.from(JSON.stringify(event), 'utf8'));
  });

  it('delivers only to the subscribers of the topic it is given', async () => {
    await bus.publish('videos.outcome', { eventKey: 'video.ready:v:j' });

    expect(invocations().map((invocation) => invocation.FunctionName)).toEqual(['notifications']);
  });

  it.each(['nobody.listens', 'no.such.topic'])('invokes nothing for %s, a topic without subscribers', async (topic) => {
    await bus.publish(topic, event);

    expect(lambda.calls()).toHaveLength(0);
  });

  it.each([200, 204, 429, undefined])('fails when Lambda answers status %s instead of 202 (queued)', async (status) => {
    lambda.on(InvokeCommand).resolves({ StatusCode: status });

    await expect(bus.publish('videos.outcome', event)).rejects.toThrow(`Lambda did not queue the event for notifications: status ${String(status)}`);
  });

  it('fails when one of the invocations fails, after sending all of them', async () => {
    lambda.on(InvokeCommand, { FunctionName: 'transcoding' }).rejects(new ResourceNotFoundException({ message: 'Function not found: transcoding', $metadata: {} }));

    await expect(bus.publish('storage.object-created', event)).rejects.toThrow(ResourceNotFoundException);
    expect(invocations().map((invocation) => invocation.FunctionName)).toEqual(['legacy-monolith', 'transcoding', 'metadata']);
  });

  it('passes an SDK error on', async () => {
    lambda.on(InvokeCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:3002'));

    await expect(bus.publish('videos.outcome', event)).rejects.toThrow('connect ECONNREFUSED 127.0.0.1:3002');
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 'event'],
    ['a symbol', Symbol('event')],
  ])('refuses %s, which JSON cannot carry, with a TypeError and without invoking', async (_case, notJson) => {
    await expect(bus.publish('storage.object-created', notJson)).rejects.toThrow(TypeError);
    await expect(bus.publish('storage.object-created', notJson)).rejects.toThrow("An event must be JSON-serializable: 'storage.object-created'");
    expect(lambda.calls()).toHaveLength(0);
  });

  it.each([
    ['a BigInt', { sizeBytes: 10n }],
    ['a cycle', (() => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      return cyclic;
    })()],
  ])('refuses an event holding %s with a TypeError and without invoking', async (_case, notJson) => {
    await expect(bus.publish('storage.object-created', notJson)).rejects.toThrow(TypeError);
    expect(lambda.calls()).toHaveLength(0);
  });
});
