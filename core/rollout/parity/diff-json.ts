import type { ParityDifference } from './compare-responses';

type JsonObject = Record<string, unknown>;
type JsonContainer = unknown[] | JsonObject;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

// Two arrays or two objects are walked into; anything else is compared as a whole.
const sameContainerKind = (primary: unknown, shadow: unknown): boolean =>
  (Array.isArray(primary) && Array.isArray(shadow)) || (isObject(primary) && isObject(shadow));

// `undefined` stands for "absent": a missing key, or an index past the end of the array.
const child = (parent: JsonContainer, key: string): unknown => (Object.hasOwn(parent, key) ? (parent as JsonObject)[key] : undefined);

const childKeys = (primary: JsonContainer, shadow: JsonContainer): string[] => [...new Set([...Object.keys(primary), ...Object.keys(shadow)])];

const matchesPattern = (path: readonly string[], pattern: readonly string[]): boolean =>
  pattern.length === path.length && pattern.every((segment, index) => segment === '*' || segment === path[index]);

/**
 * The leaves where two parsed JSON bodies differ, at most `limit`, with paths like
 * `body.user.name` or `body.subscriptions.0.id`. Object key order does not matter, array order
 * does; numbers compare by value. Ignored paths (see ParityRules) are skipped on both sides, so an
 * ignored array element leaves the others where they are.
 */
export function diffJson(primary: unknown, shadow: unknown, ignore: readonly string[], limit: number): ParityDifference[] {
  const patterns = ignore.map((entry) => entry.split('.'));
  const differences: ParityDifference[] = [];

  const visit = (primaryValue: unknown, shadowValue: unknown, path: string[]): void => {
    if (sameContainerKind(primaryValue, shadowValue)) {
      const [primaryNode, shadowNode] = [primaryValue as JsonContainer, shadowValue as JsonContainer];
      for (const key of childKeys(primaryNode, shadowNode)) {
        if (differences.length >= limit) return;
        const childPath = [...path, key];
        if (patterns.some((pattern) => matchesPattern(childPath, pattern))) continue;
        visit(child(primaryNode, key), child(shadowNode, key), childPath);
      }
      return;
    }
    if (primaryValue !== shadowValue) differences.push({ path: ['body', ...path].join('.'), primary: primaryValue, shadow: shadowValue });
  };

  visit(primary, shadow, []);
  return differences;
}
