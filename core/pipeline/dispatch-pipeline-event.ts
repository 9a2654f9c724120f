import { MalformedEventError } from '../events/event.errors';
import { pipelineEventKind, type PipelineEventKind } from './pipeline-event-kind';

type Handlers = Partial<Record<PipelineEventKind, ReadonlyArray<(event: unknown) => Promise<void>>>>;

/**
 * One function's entry for pipeline events: runs every handler for the event's kind (each is
 * idempotent, so a retry after one failed is safe) and fails if any failed, so Lambda retries.
 */
export function dispatchPipelineEvent(handlers: Handlers) {
  return async (event: unknown): Promise<void> => {
    const kind = pipelineEventKind(event);
    const matching = kind && handlers[kind];
    if (!matching) throw new MalformedEventError(`This function does not handle ${kind ? `${kind} events` : 'this event: it is no pipeline event it knows'}`);
    const results = await Promise.allSettled(matching.map((handle) => handle(event)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };
}
