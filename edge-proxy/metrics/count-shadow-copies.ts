import type { ParityRecorder } from '../../core/rollout/parity/parity-recorder';
import type { Target } from '../routing/route-target';
import type { ShadowSender } from '../shadow/shadow-target';
import type { ProxyMetrics } from './proxy-metrics';

/** The shadow senders, each counting the copies it sends. */
export function countShadowSends(senders: Record<Target, ShadowSender>, metrics: Pick<ProxyMetrics, 'countShadowSent'>): Record<Target, ShadowSender> {
  const counted = (target: Target): ShadowSender => (call) => {
    metrics.countShadowSent(call.matched.route.id, target);
    return senders[target](call);
  };
  return { legacy: counted('legacy'), lambda: counted('lambda') };
}

/** The parity recorder as the shadow traffic uses it, also counting the copies dropped by a full queue. */
export function countShadowDrops(parity: Pick<ParityRecorder, 'recordComparison' | 'recordDrop'>, metrics: Pick<ProxyMetrics, 'countShadowDropped'>): Pick<ParityRecorder, 'recordComparison' | 'recordDrop'> {
  return {
    recordComparison: (routeId, matched, at) => parity.recordComparison(routeId, matched, at),
    recordDrop: (routeId, at) => {
      metrics.countShadowDropped(routeId);
      parity.recordDrop(routeId, at);
    },
  };
}
