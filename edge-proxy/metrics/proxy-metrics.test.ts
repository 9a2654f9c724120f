import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sampleOf } from './metrics-test-kit';
import { ProxyMetrics, unmatchedRoute } from './proxy-metrics';

/** The value of one sample as a scraper reads it; undefined when that series does not exist. */
const valueOf = async (metrics: ProxyMetrics, name: string, labels: Record<string, string>) => sampleOf(await metrics.registry.metrics(), name, labels);

describe('ProxyMetrics', () => {
  it('counts requests by route, target and status class', async () => {
    const metrics = new ProxyMetrics();
    metrics.observeRequest('auth.me', 'lambda', 200, 3);
    metrics.observeRequest('auth.me', 'lambda', 204, 3);
    metrics.observeRequest('auth.me', 'legacy', 404, 3);
    metrics.observeRequest('auth.me', 'lambda', 'failed', 3);
    const requests = (labels: Record<string, string>) => valueOf(metrics, 'edge_proxy_requests_total', labels);
    expect(await requests({ route: 'auth.me', target: 'lambda', status_class: '2xx' })).toBe(2);
    expect(await requests({ route: 'auth.me', target: 'legacy', status_class: '4xx' })).toBe(1);
    expect(await requests({ route: 'auth.me', target: 'lambda', status_class: 'failed' })).toBe(1);
    expect(await requests({ route: 'auth.me', target: 'legacy', status_class: '2xx' })).toBeUndefined();
  });

  it('counts as errors only 5xx answers and requests that got none', async () => {
    const metrics = new ProxyMetrics();
    for (const status of [200, 302, 401, 404, 500, 503] as const) metrics.observeRequest('videos.get', 'legacy', status, 1);
    metrics.observeRequest('videos.get', 'legacy', 'failed', 1);
    const errors = (statusClass: string) => valueOf(metrics, 'edge_proxy_request_errors_total', { route: 'videos.get', target: 'legacy', status_class: statusClass });
    expect(await errors('5xx')).toBe(2);
    expect(await errors('failed')).toBe(1);
    expect(await errors('4xx')).toBeUndefined();
    expect(await errors('2xx')).toBeUndefined();
  });

  it('observes latency in seconds, per route and target', async () => {
    const metrics = new ProxyMetrics();
    metrics.observeRequest('auth.login', 'legacy', 200, 4);
    metrics.observeRequest('auth.login', 'legacy', 200, 40);
    metrics.observeRequest(unmatchedRoute, 'legacy', 404, 0.5);
    const bucket = (le: number, route = 'auth.login') => valueOf(metrics, 'edge_proxy_request_duration_seconds_bucket', { route, target: 'legacy', le: String(le) });
    expect(await bucket(0.0025)).toBe(0);
    expect(await bucket(0.005)).toBe(1);
    expect(await bucket(0.05)).toBe(2);
    expect(await bucket(0.001, unmatchedRoute)).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_request_duration_seconds_sum', { route: 'auth.login', target: 'legacy' })).toBeCloseTo(0.044, 6);
    expect(await valueOf(metrics, 'edge_proxy_request_duration_seconds_count', { route: 'auth.login', target: 'legacy' })).toBe(2);
  });

  it('counts a duration on a bucket’s bound in that bucket, and one past the last bound only in +Inf', async () => {
    const metrics = new ProxyMetrics();
    metrics.observeRequest('auth.me', 'lambda', 200, 5);
    metrics.observeRequest('auth.me', 'lambda', 504, 31_000);
    const bucket = (le: string) => valueOf(metrics, 'edge_proxy_request_duration_seconds_bucket', { route: 'auth.me', target: 'lambda', le });
    expect(await bucket('0.0025')).toBe(0);
    expect(await bucket('0.005')).toBe(1);
    expect(await bucket('30')).toBe(1);
    expect(await bucket('+Inf')).toBe(2);
  });

  it('exports every bucket bound of a route and target, cumulative, ending in +Inf', async () => {
    const metrics = new ProxyMetrics();
    for (const durationMs of [0.5, 7, 300, 2_000, 40_000]) metrics.observeRequest('videos.list', 'lambda', 200, durationMs);
    const text = await metrics.registry.metrics();
    const buckets = [...text.matchAll(/^edge_proxy_request_duration_seconds_bucket\{(.*)\} (\S+)$/gm)].map(([, labels, value]) => `${labels} ${value}`);
    const bound = (le: string, count: number) => `le="${le}",route="videos.list",target="lambda" ${count}`;
    expect(buckets).toEqual([
      bound('0.001', 1),
      bound('0.0025', 1),
      bound('0.005', 1),
      bound('0.01', 2),
      bound('0.025', 2),
      bound('0.05', 2),
      bound('0.1', 2),
      bound('0.25', 2),
      bound('0.5', 3),
      bound('1', 3),
      bound('2.5', 4),
      bound('5', 4),
      bound('10', 4),
      bound('30', 4),
      bound('+Inf', 5),
    ]);
  });

  it('counts a status below 100 as 1xx and one of 600 or more as 5xx, an error', async () => {
    const metrics = new ProxyMetrics();
    metrics.observeRequest('auth.me', 'legacy', 99, 1);
    metrics.observeRequest('auth.me', 'legacy', 600, 1);
    const requests = (statusClass: string) => valueOf(metrics, 'edge_proxy_requests_total', { route: 'auth.me', target: 'legacy', status_class: statusClass });
    expect(await requests('1xx')).toBe(1);
    expect(await requests('5xx')).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_request_errors_total', { route: 'auth.me', target: 'legacy', status_class: '5xx' })).toBe(1);
  });

  it('counts fallbacks, shadow copies, applied flag changes and the rollout controller’s moves', async () => {
    const metrics = new ProxyMetrics();
    metrics.countFallback('auth.me');
    metrics.countShadowSent('auth.me', 'lambda');
    metrics.countShadowSent('auth.me', 'lambda');
    metrics.countShadowDropped('auth.me');
    metrics.countFlagChange('capability', 'auth', 'canary');
    metrics.countRolloutMove('rollback', 'capability', 'auth');
    metrics.countRolloutMove('ramp', 'route', 'auth.me');
    expect(await valueOf(metrics, 'edge_proxy_lambda_fallbacks_total', { route: 'auth.me' })).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_shadow_copies_sent_total', { route: 'auth.me', target: 'lambda' })).toBe(2);
    expect(await valueOf(metrics, 'edge_proxy_shadow_copies_dropped_total', { route: 'auth.me' })).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_flag_changes_applied_total', { scope: 'capability', name: 'auth', to_state: 'canary' })).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_automatic_rollbacks_total', { scope: 'capability', name: 'auth' })).toBe(1);
    expect(await valueOf(metrics, 'edge_proxy_ramp_steps_total', { scope: 'route', name: 'auth.me' })).toBe(1);
  });

  it('keeps each instance’s counts on its own registry, and none on the global one', async () => {
    const first = new ProxyMetrics();
    const second = new ProxyMetrics();
    first.observeRequest('auth.me', 'legacy', 200, 1);
    expect(await valueOf(first, 'edge_proxy_requests_total', { route: 'auth.me', target: 'legacy', status_class: '2xx' })).toBe(1);
    expect(await valueOf(second, 'edge_proxy_requests_total', { route: 'auth.me', target: 'legacy', status_class: '2xx' })).toBeUndefined();
    expect(globalRegistry.getSingleMetric('edge_proxy_requests_total')).toBeUndefined();
  });

  it('exports the process’s default metrics with the proxy’s prefix, in the Prometheus text format', async () => {
    const metrics = new ProxyMetrics();
    metrics.observeRequest('platform.health', 'legacy', 200, 1);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^edge_proxy_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^edge_proxy_nodejs_eventloop_lag_seconds /m);
    expect(text).toContain('# TYPE edge_proxy_request_duration_seconds histogram');
    expect(text).toContain('# TYPE edge_proxy_requests_total counter');
    expect(text).toContain('# TYPE edge_proxy_request_errors_total counter');
    expect(text).toContain('edge_proxy_requests_total{route="platform.health",target="legacy",status_class="2xx"} 1');
  });

  it('collects the process’s default metrics once, shared by every instance of the process', () => {
    // prom-client's event loop and GC monitors cannot be stopped: one set per process, not per proxy.
    const [first, second] = [new ProxyMetrics(), new ProxyMetrics()];
    const lag = first.registry.getSingleMetric('edge_proxy_nodejs_eventloop_lag_seconds');
    expect(lag).toBeDefined();
    expect(second.registry.getSingleMetric('edge_proxy_nodejs_eventloop_lag_seconds')).toBe(lag);
    expect(second.registry.getSingleMetric('edge_proxy_requests_total')).not.toBe(first.registry.getSingleMetric('edge_proxy_requests_total'));
  });
});
