import type { Logger } from '../../../core/logging/create-logger';
import type { FunctionDefinition } from '../../../extracted-functions/registry';
import type { FunctionHost, HostInvocation, HostRun } from './function-host';
import { formatInvocationLog } from './invocation-log';
import { LambdaServiceError } from './service-error';

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
  private readonly queue: HostInvocation[] = [];
  private busy = 0;
  private closing = false;

  constructor(
    private readonly definition: FunctionDefinition,
    private readonly startHost: () => FunctionHost,
    private readonly logger: Logger,
  ) {}

  /** Runs the invocation now; undefined when every environment the limit allows is busy. */
  tryInvoke(invocation: HostInvocation): Promise<InvocationResult> | undefined {
    const host = this.acquireHost();
    return host && this.runOn(host, invocation);
  }

  /** Queues an asynchronous invocation: it runs once an environment is free; failures are logged. */
  enqueue(invocation: HostInvocation): void {
    this.refuseWhenClosing();
    this.queue.push(invocation);
    this.drainQueue();
  }

  /** Drops queued invocations and kills every environment, busy or idle. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.queue.length > 0) this.logger.warn({ functionName: this.definition.name, dropped: this.queue.length }, 'dropped queued asynchronous invocations on shutdown');
    this.queue.length = 0;
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
      return { run, log: formatInvocationLog(invocation.requestId, this.definition.memoryMb, run) };
    } finally {
      this.busy -= 1;
      if (host.alive && !this.closing) this.idle.push(host);
      this.drainQueue();
    }
  }

  private drainQueue(): void {
    while (this.queue.length > 0 && !this.closing) {
      const host = this.acquireHost();
      if (host === undefined) return;
      const invocation = this.queue.shift() as HostInvocation;
      void this.runOn(host, invocation).then(({ run }) => this.logEventOutcome(invocation.requestId, run));
    }
  }

  private logEventOutcome(requestId: string, run: HostRun): void {
    const fields = { functionName: this.definition.name, requestId, durationMs: Math.round(run.durationMs) };
    if (run.outcome.ok) this.logger.debug(fields, 'asynchronous invocation succeeded');
    else this.logger.warn({ ...fields, errorType: run.outcome.error.errorType, errorMessage: run.outcome.error.errorMessage }, 'asynchronous invocation failed');
  }
}
