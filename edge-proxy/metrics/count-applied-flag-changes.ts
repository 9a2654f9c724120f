import { followsCapability, type Flag } from '../../core/flags/flag';
import type { FlagSnapshot } from '../../core/flags/flag-snapshot';
import type { FlagCache } from '../flags/flag-cache';
import type { ProxyMetrics } from './proxy-metrics';

const flagsOf = (snapshot: FlagSnapshot): Flag[] => [...snapshot.capabilities.values(), ...snapshot.routes.values()];

/**
 * Counts the flag changes this instance applies, from the flags it routes by: each flag whose
 * version moved counts once with its new state, a removed route override as `inherit`. The
 * flags loaded at start are the baseline, not changes.
 */
export function countAppliedFlagChanges(flagCache: Pick<FlagCache, 'current' | 'onApplied'>, metrics: Pick<ProxyMetrics, 'countFlagChange'>): void {
  let previous = flagCache.current();
  flagCache.onApplied(() => {
    const next = flagCache.current();
    for (const flag of flagsOf(next)) {
      const before = (flag.scope === 'capability' ? previous.capabilities : previous.routes).get(flag.name);
      if (before?.version !== flag.version) metrics.countFlagChange(flag.scope, flag.name, flag.state);
    }
    for (const name of previous.routes.keys()) if (!next.routes.has(name)) metrics.countFlagChange('route', name, followsCapability);
    previous = next;
  });
}
