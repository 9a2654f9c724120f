import type { RolloutNotice } from './rollout-controller';

/**
 * Tells engineers what the controller did: a JSON POST to their webhook (chat, pager, CI), with a
 * short timeout. Without a configured URL, the log line the controller writes is the notice.
 */
export function engineersWebhook(url: string | undefined, timeoutMs = 5000) {
  return async (notice: RolloutNotice): Promise<void> => {
    if (!url) return;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: `strangler.${notice.kind}`, ...notice }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`the engineers' webhook answered ${response.status}`);
  };
}
