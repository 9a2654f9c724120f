/**
 * EventBridge's matching for the part of the pattern language this app uses: a field matches when
 * the event's value (or one of its values, for an array) equals one of the pattern's values, and
 * nested objects match field by field. Content filters ({ prefix }, { anything-but }, …) are not
 * implemented: meeting one throws, so a test can never pass by not understanding its pattern.
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[field] : undefined;
    if (Array.isArray(expected)) {
      for (const value of expected) {
        if (typeof value === 'object' && value !== null) throw new Error(`Content filter ${JSON.stringify(value)} of field ${field} is not supported by this matcher`);
      }
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && expected.includes(value));
    }
    if (typeof expected === 'object' && expected !== null) return matchesEventPattern(expected as Record<string, unknown>, actual);
    throw new Error(`A pattern's leaves are arrays; field ${field} holds ${JSON.stringify(expected)}`);
  });
}
