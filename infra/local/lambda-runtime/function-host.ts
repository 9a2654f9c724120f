import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../core/logging/create-logger';
import type { FunctionDefinition } from '../../../extracted-functions/registry';
import { importModuleError } from './function-errors';
import { type HostCommand, phaseEndSchema } from './host-messages';
import { HostPhase, type PhaseResult } from './host-phase';
import { forkHostProcess } from './host-process';
import { INIT_TIMEOUT_MS } from './lambda-limits';
import { PhaseOutputSplitter } from './phase-marker';

/** One invocation as a host runs it. */
export interface HostInvocation {
  readonly requestId: string;
  readonly payload: string;
  readonly invokedFunctionArn: string;
  readonly clientContext: unknown;
}

/** What one invocation produced, with the figures of Lambda's REPORT line. */
export interface HostRun extends Omit<PhaseResult, 'failure'> {
  /** Why the environment failed under the invocation, beyond the function's own errors. */
  readonly failure: 'init' | 'timeout' | 'crash' | undefined;
  /** Output of the handler module's loading, on a cold start. */
  readonly initOutput: string;
  readonly durationMs: number;
  readonly initDurationMs: number | undefined;
  readonly maxMemoryMb: number;
}

/** An environment's code: the host script it forks, and the function's module (function-bundles.ts). */
export interface HostCode {
  readonly hostScript: string;
  /** Rejects when the function's code cannot be built: its init then fails as an import would. */
  readonly functionModule: () => Promise<string>;
}

/**
 * One execution environment: a forked process that loads the handler once and serves invocations
 * one at a time. The runtime's own process never runs function code.
 */
export class FunctionHost {
  /** Settles once the process is gone and its output read. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly startedAt = performance.now();
  private readonly splitters = { stdout: new PhaseOutputSplitter(), stderr: new PhaseOutputSplitter() };
  private phase: HostPhase | undefined;
  private initialized = false;
  private gone = false;
  private maxMemoryMb = 0;
  private markExited: () => void = () => undefined;

  constructor(
    private readonly definition: FunctionDefinition,
    private readonly code: HostCode,
    rootDir: string,
    environment: Record<string, string>,
    private readonly logger: Logger,
  ) {
    this.child = forkHostProcess(definition, code.hostScript, rootDir, environment);
    this.child.stdout?.on('data', (chunk: string) => this.receiveOutput('stdout', chunk));
    this.child.stderr?.on('data', (chunk: string) => this.receiveOutput('stderr', chunk));
    this.child.on('message', (message) => this.receiveMessage(message));
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
    this.child.once('close', (code, signal) => this.leave(code, signal));
    this.child.on('error', (error) => {
      this.logger.warn({ functionName: definition.name, err: error }, 'function host failed');
      // A process that could not start may never emit 'close'.
      if (this.child.pid === undefined) this.leave(null, null);
    });
  }

  /** False once the environment died or is being killed: it must not serve again. */
  get alive(): boolean {
    return !this.gone && this.child.connected;
  }

  /** Runs one invocation, first loading the handler if this environment is new. Never rejects. */
  async run(invocation: HostInvocation): Promise<HostRun> {
    const coldStart = !this.initialized;
    const functionTimeoutMs = this.definition.timeoutSeconds * 1000;
    const initStarted = performance.now();
    // As in Lambda, an init that overruns its 10 s on demand is finished within the first
    // invocation, and the overrun counts against that invocation's own timeout.
    const init = coldStart ? await this.initialize(invocation.requestId, INIT_TIMEOUT_MS + functionTimeoutMs) : undefined;
    const initFigures = { initOutput: init?.output ?? '', initDurationMs: coldStart ? performance.now() - this.startedAt : undefined };
    if (init !== undefined && !init.outcome.ok) {
      // As in Lambda, a failed init resets the environment: the next invocation starts afresh.
      void this.kill();
      return { ...init, ...initFigures, failure: init.failure ?? 'init', output: '', durationMs: 0, maxMemoryMb: this.maxMemoryMb };
    }
    const initOverrunMs = coldStart ? Math.max(0, performance.now() - initStarted - INIT_TIMEOUT_MS) : 0;
    const timeoutMs = Math.max(1, functionTimeoutMs - initOverrunMs);
    const started = performance.now();
    const invoke = await this.runPhase({ type: 'invoke', phaseId: randomUUID(), deadlineMs: Date.now() + timeoutMs, ...invocation }, invocation.requestId, timeoutMs);
    return { ...invoke, ...initFigures, durationMs: performance.now() - started, maxMemoryMb: this.maxMemoryMb };
  }

  /** Loads the handler ahead of any invocation (provisioned concurrency); false when the init failed. */
  async warmUp(): Promise<boolean> {
    if (this.initialized) return true;
    const init = await this.initialize(randomUUID(), INIT_TIMEOUT_MS);
    if (!init.outcome.ok) void this.kill();
    return init.outcome.ok;
  }

  /** Kills the environment (SIGKILL, as Lambda does on timeout) and waits until it is gone. */
  async kill(): Promise<void> {
    this.gone = true;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private async initialize(requestId: string, timeoutMs: number): Promise<PhaseResult> {
    const { entry, handler } = this.definition;
    let modulePath: string;
    try {
      modulePath = await this.code.functionModule();
    } catch (error) {
      return { outcome: { ok: false, error: importModuleError(error) }, failure: undefined, output: '' };
    }
    const result = await this.runPhase({ type: 'init', phaseId: randomUUID(), modulePath, entry, handler }, requestId, timeoutMs);
    this.initialized = result.outcome.ok;
    return result;
  }

  private async runPhase(command: HostCommand, requestId: string, timeoutMs: number): Promise<PhaseResult> {
    const phase = new HostPhase(command.phaseId, requestId, timeoutMs, () => void this.kill());
    this.phase = phase;
    if (this.alive) this.child.send(command, (error) => error && this.logger.warn({ err: error }, 'function host unreachable'));
    else phase.endWithExit(this.child.exitCode, this.child.signalCode);
    const result = await phase.result;
    this.phase = undefined;
    return result;
  }

  private leave(code: number | null, signal: NodeJS.Signals | null): void {
    this.gone = true;
    this.receiveText('stdout', this.splitters.stdout.flush());
    this.receiveText('stderr', this.splitters.stderr.flush());
    this.phase?.endWithExit(code, signal);
    this.markExited();
  }

  private receiveOutput(stream: 'stdout' | 'stderr', chunk: string): void {
    for (const piece of this.splitters[stream].split(chunk)) {
      if ('phaseId' in piece) this.phase?.receiveMarker(piece.phaseId);
      else this.receiveText(stream, piece.text);
    }
  }

  private receiveText(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    this.phase?.appendOutput(text);
    this.logger.info({ functionName: this.definition.name, requestId: this.phase?.requestId, stream }, text.trimEnd());
  }

  private receiveMessage(message: unknown): void {
    const parsed = phaseEndSchema.safeParse(message);
    if (!parsed.success) {
      this.logger.warn({ functionName: this.definition.name }, 'ignored a message that is not from the function host');
      return;
    }
    this.maxMemoryMb = Math.max(this.maxMemoryMb, parsed.data.maxMemoryMb);
    this.phase?.receiveOutcome(parsed.data.phaseId, parsed.data.outcome);
  }
}
