import type { Logger } from '../../../core/logging/create-logger';
import type { FunctionDefinition } from '../../../extracted-functions/registry';
import type { FunctionHost, HostInvocation, HostRun } from './function-host';
import { formatInvocationLog } from './invocation-log';
import { LambdaServiceError } from './service-error';

/** An asynchronous invocation that failed its last attempt, for the on-failure destination. */
export interface FailedEvent {
  readonly functionName: string;
  readonly payload: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly attempts: number;
}

/** How asynchronous invocations are retried, and where they go when every attempt failed. */
export interface AsyncInvokePolicy {
  /** Retries after the first attempt: 2 in Lambda. */
  readonly retries: number;
  /** Wait before the first retry, doubled before each next one (Lambda: about a minute, then two). */
  readonly retryDelayMs: number;
  /**
   * Environments serving asynchronous events at once. Lambda would start one per event of a
   * burst; locally each is a process loading TypeScript, and a burst of them starves the machine.
   */
  readonly maxConcurrency: number;
  readonly onFailure: (event: FailedEvent) => Promise<void>;
}

interface QueuedEvent {
  readonly invocation: HostInvocation;
  readonly attempt: number;
  /** Told once the event succeeded or was given up on. */
  readonly onSettled?: () => void;
}

/** An invocation's result and its log, framed as CloudWatch shows it. */
export interface InvocationResult {
  readonly run: HostRun;
  readonly log: string;
}

/**
 * The execution environments of one function. At most `reservedConcurrency` of them are busy at
 * once; an idle one is reused (warm) before a new one is started (cold). Synchronous invocations
 * beyond the limit are refused, asynchronous ones wait in a queue, as in Lambda.
 */
export class FunctionPool {
  private readonly hosts = new Set<FunctionHost>();
  private readonly idle: FunctionHost[] = [];
  private readonly queue: QueuedEvent[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private busy = 0;
  private busyWithEvents = 0;
  private closing = false;

  constructor(
    private readonly definition: FunctionDefinition,
    private readonly startHost: () => FunctionHost,
    private readonly logger: Logger,
    private readonly asyncPolicy: AsyncInvokePolicy,
    /** Told each invocation's log once it ended, as CloudWatch Logs keeps it. */
    private readonly keepLog: (log: string) => void,
  ) {}

  /** Runs the invocation now; undefined when every environment the limit allows is busy. */
  tryInvoke(invocation: HostInvocation): Promise<InvocationResult> | undefined {
    const host = this.acquireHost();
    return host && this.runOn(host, invocation);
  }

  /**
   * Queues an asynchronous invocation: it runs once an environment is free; a failed attempt is
   * retried with backoff, and the last failure goes to the on-failure destination.
   */
  enqueue(invocation: HostInvocation, onSettled?: () => void): void {
    this.refuseWhenClosing();
    this.queue.push({ invocation, attempt: 1, ...(onSettled ? { onSettled } : {}) });
    this.drainQueue();
  }

  /**
   * Starts an environment and loads the handler before any invocation needs it, as provisioned
   * concurrency does: the first event or request then finds it warm. Counts as busy meanwhile.
   */
  async prewarm(): Promise<void> {
    const host = this.acquireHost();
    if (host === undefined) return;
    try {
      if (!(await host.warmUp())) this.logger.warn({ functionName: this.definition.name }, 'pre-warming failed: the next invocation starts cold');
    } finally {
      this.busy -= 1;
      if (host.alive && !this.closing) this.idle.push(host);
      this.drainQueue();
    }
  }

  /** Drops queued invocations and kills every environment, busy or idle. */
  async close(): Promise<void> {
    this.closing = true;
    const dropped = this.queue.length + this.retryTimers.size;
    if (dropped > 0) this.logger.warn({ functionName: this.definition.name, dropped }, 'dropped queued asynchronous invocations on shutdown');
    this.queue.length = 0;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.all([...this.hosts].map((host) => host.kill()));
  }

  private refuseWhenClosing(): void {
    if (this.closing) throw new LambdaServiceError('ServiceException', 'The local Lambda runtime is shutting down.');
  }

  private acquireHost(): FunctionHost | undefined {
    this.refuseWhenClosing();
    let host = this.idle.pop();
    while (host !== undefined && !host.alive) host = this.idle.pop();
    if (host === undefined) {
      if (this.busy >= this.definition.reservedConcurrency) return undefined;
      host = this.startHost();
      this.track(host);
    }
    this.busy += 1;
    return host;
  }

  private track(host: FunctionHost): void {
    this.hosts.add(host);
    void host.exited.then(() => {
      this.hosts.delete(host);
      const index = this.idle.indexOf(host);
      if (index !== -1) this.idle.splice(index, 1);
    });
  }

  private async runOn(host: FunctionHost, invocation: HostInvocation): Promise<InvocationResult> {
    try {
      const run = await host.run(invocation);
      const log = formatInvocationLog(invocation.requestId, this.definition.memoryMb, run);
      this.keepLog(log);
      return { run, log };
    } finally {
      this.busy -= 1;
      if (host.alive && !this.closing) this.idle.push(host);
      this.drainQueue();
    }
  }

  private drainQueue(): void {
    while (this.queue.length > 0 && !this.closing && this.busyWithEvents < this.asyncPolicy.maxConcurrency) {
      const host = this.acquireHost();
      if (host === undefined) return;
      const queued = this.queue.shift() as QueuedEvent;
      this.busyWithEvents += 1;
      void this.runOn(host, queued.invocation)
        .finally(() => {
          this.busyWithEvents -= 1;
        })
        .then(({ run }) => this.settleEvent(queued, run))
        .finally(() => this.drainQueue());
    }
  }

  private async settleEvent(queued: QueuedEvent, run: HostRun): Promise<void> {
    const { invocation, attempt, onSettled } = queued;
    const fields = { functionName: this.definition.name, requestId: invocation.requestId, attempt, durationMs: Math.round(run.durationMs) };
    if (run.outcome.ok) {
      this.logger.debug(fields, 'asynchronous invocation succeeded');
      onSettled?.();
      return;
    }
    const { errorType, errorMessage } = run.outcome.error;
    if (attempt <= this.asyncPolicy.retries && !this.closing) {
      this.logger.warn({ ...fields, errorType, errorMessage }, 'asynchronous invocation failed: retrying');
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.closing) return;
        // Lambda keeps the request id across the retries of one event.
        this.queue.push({ ...queued, attempt: attempt + 1 });
        this.drainQueue();
      }, this.asyncPolicy.retryDelayMs * 2 ** (attempt - 1));
      this.retryTimers.add(timer);
      return;
    }
    if (this.closing) {
      // Killed by the shutdown, not failed by itself: dropped like the events still queued.
      this.logger.warn({ ...fields, errorType }, 'asynchronous invocation cut off by shutdown: dropped');
      onSettled?.();
      return;
    }
    this.logger.error({ ...fields, errorType, errorMessage }, 'asynchronous invocation failed every attempt: sent to the on-failure destination');
    try {
      await this.asyncPolicy.onFailure({ functionName: this.definition.name, payload: invocation.payload, errorType, errorMessage, attempts: attempt });
    } catch (error) {
      this.logger.error({ err: error, ...fields }, 'could not record a dead letter: the event is lost');
    }
    onSettled?.();
  }
}
