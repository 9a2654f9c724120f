import { Router } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import type { TranscodingService } from '../../core/transcoding/transcoding.service';
import { pathParam } from '../http/path-param';
import { principalOf, requireAuthentication } from '../middleware/authenticate.middleware';
import { parseJsonBody } from '../middleware/json-body.middleware';

export interface TranscodingRoutesDeps {
  transcoding: TranscodingService;
  authenticator: Authenticator;
  jsonBodyLimitBytes: number;
}

/** The preset ladder, starting a transcode, and following its job. */
export function transcodingRoutes({ transcoding, authenticator, jsonBodyLimitBytes }: TranscodingRoutesDeps): Router {
  const authenticated = requireAuthentication(authenticator);
  return Router()
    .get('/api/presets', authenticated, (_req, res) => {
      res.json(transcoding.listPresets());
    })
    .post('/api/videos/:id/transcode', authenticated, parseJsonBody(jsonBodyLimitBytes), async (req, res) => {
      res.status(202).json(await transcoding.requestTranscode(principalOf(res).userId, pathParam(req, 'id'), req.body));
    })
    .get('/api/jobs/:id', authenticated, async (req, res) => {
      res.json(await transcoding.getJob(principalOf(res).userId, pathParam(req, 'id')));
    });
}
