import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../core/logging/logging-test-kit';
import { assignRequestId } from './request-id.middleware';
import { logRequests } from './request-logging.middleware';

function appLoggingAt(level: string) {
  const { logger, lines } = capturingLogger('monolith', level);
  const app = express()
    .use(assignRequestId())
    .use(logRequests(logger))
    .get('/things', (req, res) => {
      req.log.warn('a handler warned');
      res.json({ ok: true });
    });
  return { app, lines };
}

describe('logRequests', () => {
  it('with info on, writes an access line per request under its id, the authorization header redacted', async () => {
    const { app, lines } = appLoggingAt('info');

    await request(app).get('/things').set('x-request-id', 'follow-me').set('authorization', 'Bearer secret-token').expect(200);

    expect(lines).toEqual([
      expect.objectContaining({ msg: 'a handler warned', requestId: 'follow-me' }),
      expect.objectContaining({ msg: 'request completed', requestId: 'follow-me', req: expect.objectContaining({ method: 'GET', url: '/things' }), res: expect.objectContaining({ statusCode: 200 }) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('with info off, writes no access line, and what a handler logs still carries the request id', async () => {
    const { app, lines } = appLoggingAt('warn');

    await request(app).get('/things').set('x-request-id', 'follow-me').expect(200);

    expect(lines).toEqual([expect.objectContaining({ msg: 'a handler warned', requestId: 'follow-me', level: 40 })]);
    expect(lines[0]).not.toHaveProperty('req');
  });
});
