import { Router } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import type { MetadataService } from '../../core/metadata/metadata.service';
import { pathParam } from '../http/path-param';
import { principalOf, requireAuthentication } from '../middleware/authenticate.middleware';

export interface MetadataRoutesDeps {
  metadata: MetadataService;
  authenticator: Authenticator;
}

/** A video's ffprobe metadata. */
export function metadataRoutes({ metadata, authenticator }: MetadataRoutesDeps): Router {
  return Router().get('/api/videos/:id/metadata', requireAuthentication(authenticator), async (req, res) => {
    res.json(await metadata.get(principalOf(res).userId, pathParam(req, 'id')));
  });
}
