import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '../events/event.errors';
import { dispatchPipelineEvent } from './dispatch-pipeline-event';
import { jobStateEvent, storedObjectsEvent } from './pipeline-test-kit';

const storedObjects = storedObjectsEvent('videos/5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41/source');
const jobState = jobStateEvent('COMPLETE', { videoId: '5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41', jobId: '0f6e1d7a-3c2b-4a90-8e5f-2b7c9d1a4e63' });

/** A handler that records, under `name`, each event it was given. */
function recording(calls: Array<{ name: string; event: unknown }>, name: string, outcome: () => Promise<void> = async () => undefined) {
  return async (event: unknown) => {
    calls.push({ name, event });
    await outcome();
  };
}

describe('dispatchPipelineEvent', () => {
  it('runs every handler of the event kind with the event, and none of the other kinds', async () => {
    const calls: Array<{ name: string; event: unknown }> = [];
    const dispatch = dispatchPipelineEvent({
      storedObjects: [recording(calls, 'transcoding'), recording(calls, 'metadata')],
      jobState: [recording(calls, 'job state')],
    });

    await dispatch(storedObjects);

    expect(calls).toEqual([
      { name: 'transcoding', event: storedObjects },
      { name: 'metadata', event: storedObjects },
    ]);
  });

  it('runs the rest when one handler fails, then fails with the first error in handler order', async () => {
    const calls: Array<{ name: string; event: unknown }> = [];
    let slowFinished = false;
    const first = new Error('transcoding failed');
    const dispatch = dispatchPipelineEvent({
      storedObjects: [
        recording(calls, 'fails first', async () => Promise.reject(first)),
        recording(calls, 'slow', async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          slowFinished = true;
        }),
        recording(calls, 'fails too', async () => Promise.reject(new Error('metadata failed'))),
      ],
    });

    const dispatched = dispatch(storedObjects);

    await expect(dispatched).rejects.toBe(first);
    expect(calls.map((call) => call.name)).toEqual(['fails first', 'slow', 'fails too']);
    expect(slowFinished).toBe(true);
  });

  it('fails with the error of the earlier handler even when a later one failed sooner', async () => {
    const late = new Error('failed late');
    const dispatch = dispatchPipelineEvent({
      jobState: [
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw late;
        },
        async () => {
          throw new Error('failed at once');
        },
      ],
    });

    await expect(dispatch(jobState)).rejects.toBe(late);
  });

  it('refuses an event of a kind this function has no handlers for, running none', async () => {
    const calls: Array<{ name: string; event: unknown }> = [];
    const dispatch = dispatchPipelineEvent({ storedObjects: [recording(calls, 'transcoding')] });

    const dispatched = dispatch(jobState);

    await expect(dispatched).rejects.toThrow(MalformedEventError);
    await expect(dispatched).rejects.toThrow('This function does not handle jobState events');
    expect(calls).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an empty array', []],
    ['an API Gateway event', { version: '2.0', routeKey: 'GET /api/videos', rawPath: '/api/videos', requestContext: { http: { method: 'GET' } } }],
  ])('refuses %s, which is no pipeline event, running nothing', async (_case, event) => {
    const calls: Array<{ name: string; event: unknown }> = [];
    const dispatch = dispatchPipelineEvent({ storedObjects: [recording(calls, 'transcoding')], jobState: [recording(calls, 'job state')] });

    const dispatched = dispatch(event);

    await expect(dispatched).rejects.toThrow(MalformedEventError);
    await expect(dispatched).rejects.toThrow('it is no pipeline event it knows');
    expect(calls).toEqual([]);
  });
});
