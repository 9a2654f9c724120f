import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/create-logger';
import { answerLegacyError } from './legacy-errors.middleware';

const app = express()
  .get('/api/videos/:id', (req, res) => {
    res.json({ id: req.params.id });
  })
  .use(answerLegacyError(createLogger('test', 'silent'), 1024));

describe('answerLegacyError', () => {
  it.each(['/api/videos/%E0%A4%A', '/api/videos/%ff%fe', '/api/videos/%'])('answers a path parameter that is not valid percent-encoding (%s) with the legacy 404', async (path) => {
    const response = await request(app).get(path);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('the path is not valid percent-encoding') } });
  });

  it('still serves a parameter that is', async () => {
    expect((await request(app).get('/api/videos/%C3%A9').expect(200)).body).toEqual({ id: 'é' });
  });
});
