import type { Flag, FlagScope, FlagSetting, FlagState } from './flag';
import type { FlagChangeRequest } from './flag.store';

/** The setting of a plain state (a canary with its share). */
export function settingOf(state: FlagState, canaryPercent = state === 'canary' ? 10 : 0): FlagSetting {
  return { state, canaryPercent, reverseShadow: false, ramp: null };
}

/** A change request to a plain state, unforced and without evidence, as most tests need. */
export function stateChange(request: Omit<FlagChangeRequest, 'to' | 'forced' | 'evidence'> & { toState: FlagState; canaryPercent?: number }): FlagChangeRequest {
  const { toState, canaryPercent, ...rest } = request;
  return { ...rest, to: settingOf(toState, canaryPercent), forced: false, evidence: null };
}

/** A stored flag in a plain state. */
export function flagOf(scope: FlagScope, name: string, state: FlagState, version = 1, setting: Partial<FlagSetting> = {}): Flag {
  return { scope, name, ...settingOf(state), ...setting, version, updatedAt: null, updatedBy: null };
}
