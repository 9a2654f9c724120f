import { topics } from './topics';

/**
 * Who receives each pipeline topic when events cross processes: every capability's function and
 * the monolith's side (the lift-and-shift Lambda). Each acts only while it owns the capability.
 * The local runtime and the CDK app wire the same table.
 */
export const eventSubscribers: Readonly<Record<string, readonly string[]>> = {
  [topics.storedObjects]: ['legacy-monolith', 'transcoding', 'metadata'],
  [topics.jobStates]: ['legacy-monolith', 'transcoding'],
  [topics.videoOutcomes]: ['legacy-monolith', 'notifications'],
};
