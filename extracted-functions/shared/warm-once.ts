/**
 * Runs an async initializer once per warm container (database connections, keys) and shares
 * the result with every later invocation. A failed attempt is forgotten, so the next
 * invocation retries instead of failing forever.
 */
export function warmOnce<T>(initialize: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= initialize().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
