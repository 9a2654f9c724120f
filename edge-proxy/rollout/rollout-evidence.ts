import type { Clock } from '../../core/clock/clock';
import type { RolloutEvidence } from '../../core/flags/flag.service';
import { parityRate } from '../../core/rollout/parity/parity-rate';
import type { ParityRecorder } from '../../core/rollout/parity/parity-recorder';
import type { ParityStore } from '../../core/rollout/parity/parity.store';
import type { RolloutPolicy } from '../../core/rollout/rollout-policy';
import type { SlidingTrafficWindow } from '../../core/rollout/stats/sliding-window';
import type { TrafficTarget } from '../../core/rollout/stats/traffic-observation';

export interface RolloutEvidenceDeps {
  parity: Pick<ParityStore, 'parityByRoute'>;
  /** This instance's counts are flushed first, so a flip right after shadow traffic sees it. */
  recorder: Pick<ParityRecorder, 'flush'>;
  window: Pick<SlidingTrafficWindow, 'sample'>;
  policy: Pick<RolloutPolicy, 'parityWindowMinutes' | 'windowSeconds'>;
  clock: Clock;
}

/** What the audit keeps of a flip, and the gate reads: parity per route over the parity window, and the last minute's traffic. */
export function collectRolloutEvidence({ parity, recorder, window, policy, clock }: RolloutEvidenceDeps) {
  return async (routeIds: readonly string[]): Promise<RolloutEvidence> => {
    await recorder.flush();
    const now = clock.now();
    const totals = await parity.parityByRoute(new Date(now.getTime() - policy.parityWindowMinutes * 60_000));
    const since = new Date(now.getTime() - policy.windowSeconds * 1000);
    const trafficOf = (routeId: string, target: TrafficTarget) => {
      const { requests, errors } = window.sample({ routeId, target }, since, now);
      return { requests, errors };
    };
    return {
      parity: Object.fromEntries(routeIds.map((routeId) => [routeId, parityRate(totals.get(routeId) ?? { compared: 0, matched: 0 })])),
      traffic: Object.fromEntries(routeIds.map((routeId) => [routeId, { legacy: trafficOf(routeId, 'legacy'), lambda: trafficOf(routeId, 'lambda') }])),
    };
  };
}
