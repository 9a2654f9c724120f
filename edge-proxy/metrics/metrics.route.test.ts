import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { expectLegacyError } from '../../test/support/expect-legacy-error';
import { metricsRoute } from './metrics.route';
import { sampleOf } from './metrics-test-kit';
import { ProxyMetrics } from './proxy-metrics';

const token = 'metrics-token-0123456789abcdef';

/** /metrics as the proxy serves it, over one instance's metrics. */
function metricsApp(configured: { token: string | undefined } = { token }) {
  const metrics = new ProxyMetrics();
  const app = express();
  app.use((req, _res, next) => {
    req.headers['x-request-id'] = 'req-metrics';
    next();
  });
  app.all('/metrics', metricsRoute({ registry: metrics.registry, token: configured.token }));
  return { app, metrics };
}

describe('GET /metrics', () => {
  it('serves the Prometheus text format to a scraper with the token', async () => {
    const { app, metrics } = metricsApp();
    metrics.observeRequest('auth.me', 'lambda', 200, 2);
    const response = await request(app).get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleOf(response.text, 'edge_proxy_requests_total', { route: 'auth.me', target: 'lambda', status_class: '2xx' })).toBe(1);
  });

  it('answers 401 in the legacy format without a bearer token', async () => {
    const { app } = metricsApp();
    const response = await request(app).get('/metrics');
    expectLegacyError(response, 401, 'unauthorized');
    expect(response.body.error.message).toContain('Authorization: Bearer');
    expect(response.headers['x-request-id']).toBe('req-metrics');
    expectLegacyError(await request(app).get('/metrics').set('authorization', `Basic ${token}`), 401, 'unauthorized');
  });

  it('answers 403 in the legacy format to another token', async () => {
    const { app } = metricsApp();
    expectLegacyError(await request(app).get('/metrics').set('authorization', 'Bearer a-customer-jwt-or-a-guess'), 403, 'forbidden');
  });

  it('refuses every scrape when no token is configured, saying how to turn metrics on', async () => {
    const { app } = metricsApp({ token: undefined });
    const response = await request(app).get('/metrics').set('authorization', 'Bearer anything-at-all-0123456789');
    expectLegacyError(response, 403, 'forbidden');
    expect(response.body.error.message).toContain('METRICS_TOKEN');
  });

  it('answers 404 to other methods, and only after the token was checked', async () => {
    const { app } = metricsApp();
    expectLegacyError(await request(app).post('/metrics').set('authorization', `Bearer ${token}`), 404, 'not_found');
    expectLegacyError(await request(app).delete('/metrics'), 401, 'unauthorized');
  });
});
