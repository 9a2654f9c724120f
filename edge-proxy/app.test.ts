import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createProxyApp } from './app';
import type { EdgeDispatch } from './dispatch/edge-dispatch';
import type { NodeMiddleware } from './http/node-middleware';

// Each side answers with its own name, so a test sees who served a path.
const dispatch: EdgeDispatch = (_req, res, requestId) => void res.writeHead(200, { 'x-served-by': 'dispatch', 'x-seen-id': requestId }).end();
const answeringAs = (name: string) => {
  const router = express.Router();
  router.get('/known', (_req, res) => void res.set('x-served-by', name).end());
  return router;
};
const metrics: express.RequestHandler = (_req, res) => void res.set('x-served-by', 'metrics').end();

const servedBy = async (app: ReturnType<typeof createProxyApp>, path: string) => (await request(app).get(path).expect(200)).headers['x-served-by'];

describe('the edge app', () => {
  const app = createProxyApp({ dispatch, admin: answeringAs('admin'), dashboard: answeringAs('dashboard'), metrics });

  it('sends the engineers\u2019 paths to their routers, matched as express matches mounts (any case, trailing slash)', async () => {
    expect(await servedBy(app, '/_strangler/api/known')).toBe('admin');
    expect(await servedBy(app, '/_STRANGLER/Api/known?x=1')).toBe('admin');
    expect(await servedBy(app, '/_strangler/known')).toBe('dashboard');
    expect(await servedBy(app, '/metrics')).toBe('metrics');
    expect(await servedBy(app, '/Metrics/')).toBe('metrics');
  });

  it('dispatches every other path, look-alikes of the engineers\u2019 included', async () => {
    for (const path of ['/api/videos', '/_stranglers/api/known', '/_strangler-api/known', '/metrics/x', '/metricsx', '/']) expect(await servedBy(app, path), path).toBe('dispatch');
  });

  it('dispatches an engineers\u2019 path none of their routes answers, as the monolith owns it', async () => {
    expect(await servedBy(app, '/_strangler/api/unknown')).toBe('dispatch');
    expect(await servedBy(app, '/_strangler/unknown')).toBe('dispatch');
  });

  it('without a dashboard or metrics, dispatches their paths', async () => {
    const bare = createProxyApp({ dispatch, admin: answeringAs('admin') });
    expect(await servedBy(bare, '/_strangler/known')).toBe('dispatch');
    expect(await servedBy(bare, '/metrics')).toBe('dispatch');
    expect(await servedBy(bare, '/_strangler/api/known')).toBe('admin');
  });

  it('gives each request one id, the caller\u2019s when acceptable, and echoes it', async () => {
    const response = await request(app).get('/api/videos').set('x-request-id', 'abc-123').expect(200);
    expect(response.headers['x-seen-id']).toBe('abc-123');
    expect(response.headers['x-request-id']).toBe('abc-123');
    const fresh = await request(app).get('/api/videos').set('x-request-id', 'not acceptable!').expect(200);
    expect(fresh.headers['x-seen-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs the rate limits in order before anything else, and answers a limit\u2019s error in the legacy format', async () => {
    const order: string[] = [];
    const passing = (name: string): NodeMiddleware => (_req, _res, next) => (order.push(name), next());
    const failing: NodeMiddleware = (_req, _res, next) => next(new Error('store down'));
    const limited = createProxyApp({ dispatch, admin: answeringAs('admin'), rateLimits: [passing('first'), passing('second')] });

    expect(await servedBy(limited, '/_strangler/api/known')).toBe('admin');
    expect(order).toEqual(['first', 'second']);

    const broken = createProxyApp({ dispatch, admin: answeringAs('admin'), rateLimits: [failing] });
    const response = await request(broken).get('/api/videos').expect(500);
    expect(response.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(response.headers['x-served-by']).toBeUndefined();
  });
});
