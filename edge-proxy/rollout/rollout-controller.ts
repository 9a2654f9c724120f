import type { Logger } from 'pino';
import type { Clock } from '../../core/clock/clock';
import type { Flag } from '../../core/flags/flag';
import { ConcurrentFlagChangeError } from '../../core/flags/flag.errors';
import type { FlagService } from '../../core/flags/flag.service';
import type { FunctionAlarmReader } from '../../core/rollout/function-alarms';
import type { RolloutPolicy } from '../../core/rollout/rollout-policy';
import { judgeHealth, withFiringAlarms, type HealthVerdict } from '../../core/rollout/stats/health-verdict';
import type { SlidingTrafficWindow, TrafficFilter } from '../../core/rollout/stats/sliding-window';
import { decideRollout } from './rollout-decision';

/** What engineers are told when the controller moves a flag. */
export interface RolloutNotice {
  readonly kind: 'rollback' | 'ramp';
  readonly scope: Flag['scope'];
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly evidence: HealthVerdict['evidence'];
  readonly at: string;
}

export interface RolloutControllerDeps {
  flags: Pick<FlagService, 'listCapabilityFlags' | 'listRouteFlags' | 'applyAutomatic'>;
  window: Pick<SlidingTrafficWindow, 'sample'>;
  policy: RolloutPolicy;
  clock: Clock;
  logger: Logger;
  notify: (notice: RolloutNotice) => Promise<void>;
  /** Applies a change on this instance at once (the flag cache's refresh). */
  applied: () => Promise<void>;
  /** In AWS: the functions' CloudWatch alarms, which see every instance's traffic. */
  alarms?: { reader: FunctionAlarmReader; functionsOf: (flag: Flag) => readonly string[] };
}

const describe = (flag: Pick<Flag, 'state' | 'canaryPercent'>) => (flag.state === 'canary' ? `canary ${flag.canaryPercent}%` : flag.state);

/**
 * Watches every flag that sends customers to a Lambda (canary, lambda) and judges the Lambda on
 * this instance's live traffic since the flag last moved, and in AWS on the function's alarms
 * too: rolls it back when unhealthy, advances a ramp when healthy. Its state is the flags
 * themselves (in the database), so a restart resumes; two instances deciding at once are settled
 * by the flag's version (one change wins).
 */
export class RolloutController {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: RolloutControllerDeps) {}

  /** Evaluates every `evaluateEveryMs` after the last evaluation ended: a slow one never piles others up. */
  start(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.evaluate()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'rollout evaluation failed'))
        .finally(() => this.start());
    }, this.deps.policy.evaluateEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Judges every flag once. */
  async evaluate(): Promise<void> {
    const flags = [...(await this.deps.flags.listCapabilityFlags()), ...(await this.deps.flags.listRouteFlags())];
    for (const flag of flags) if (flag.state === 'canary' || flag.state === 'lambda') await this.judge(flag);
  }

  private async judge(flag: Flag): Promise<void> {
    const { policy, clock, window } = this.deps;
    const now = clock.now();
    const since = new Date(Math.max(flag.updatedAt?.getTime() ?? 0, now.getTime() - policy.windowSeconds * 1000));
    const narrowed: Omit<TrafficFilter, 'target'> = flag.scope === 'capability' ? { capability: flag.name } : { routeId: flag.name };
    const observed = judgeHealth(window.sample({ ...narrowed, target: 'lambda' }, since, now), window.sample({ ...narrowed, target: 'legacy' }, since, now), {
      maxErrorRate: policy.maxErrorRate,
      minRequests: policy.minRequests,
      maxLatencyRatio: policy.maxLatencyRatio,
      quantile: 0.99,
    });
    const verdict = withFiringAlarms(observed, await this.firingAlarms(flag));
    const decision = decideRollout(flag, verdict, now);
    if (decision.action === 'hold') return;
    try {
      await this.deps.flags.applyAutomatic(flag, decision.to, decision.reason, { health: verdict.evidence, reasons: verdict.reasons });
    } catch (error) {
      // Another instance (or an engineer) moved it first: its decision stands.
      if (error instanceof ConcurrentFlagChangeError) return;
      throw error;
    }
    await this.deps.applied();
    const notice: RolloutNotice = {
      kind: decision.action === 'rollback' ? 'rollback' : 'ramp',
      scope: flag.scope,
      name: flag.name,
      from: describe(flag),
      to: describe(decision.to),
      reason: decision.reason,
      evidence: verdict.evidence,
      at: now.toISOString(),
    };
    this.deps.logger.warn({ rollout: notice }, decision.action === 'rollback' ? `automatic rollback of ${flag.name}` : `ramp step of ${flag.name}`);
    await this.deps.notify(notice).catch((error: unknown) => this.deps.logger.warn({ err: error, rollout: notice }, 'engineers’ webhook failed'));
  }

  /** Unreadable alarms are not a verdict: the flag is then judged on this instance's traffic alone. */
  private async firingAlarms(flag: Flag): Promise<string[]> {
    const { alarms, logger } = this.deps;
    if (!alarms) return [];
    const firing = await Promise.all(
      alarms.functionsOf(flag).map((functionName) =>
        alarms.reader.firing(functionName).catch((error: unknown) => {
          logger.warn({ err: error, function: functionName }, 'could not read the function’s alarms: judged on this instance’s traffic alone');
          return [];
        }),
      ),
    );
    return firing.flat();
  }
}
