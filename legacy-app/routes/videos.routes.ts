import { Router, type Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import type { VideosService } from '../../core/videos/videos.service';
import { sendStoredFile } from '../http/send-stored-file';
import { pathParam } from '../http/path-param';
import { principalOf, requireAuthentication } from '../middleware/authenticate.middleware';
import { readMultipartUpload } from '../middleware/multipart-upload';

export interface VideosRoutesDeps {
  videos: VideosService;
  authenticator: Authenticator;
  uploadLimitBytes: number;
}

/** Upload, listing, reading and deleting videos, and downloading renditions (mp4, HLS). */
export function videosRoutes({ videos, authenticator, uploadLimitBytes }: VideosRoutesDeps): Router {
  const authenticated = requireAuthentication(authenticator);
  const ownerId = (res: Response) => principalOf(res).userId;
  return Router()
    .post('/api/videos', authenticated, async (req, res) => {
      const upload = await readMultipartUpload(req, {
        fileField: 'file',
        limitBytes: uploadLimitBytes,
        receiveFile: (file) => videos.receiveSource(file),
        discardFile: (source) => void videos.discardSource(source).catch((error: unknown) => req.log.error({ err: error }, 'could not remove a refused upload')),
      });
      try {
        res.status(201).json(await videos.createVideo(ownerId(res), upload.received, upload.fields.get('title'), upload.fileName));
      } catch (error) {
        await videos.discardSource(upload.received);
        throw error;
      }
    })
    .get('/api/videos', authenticated, async (req, res) => {
      res.json(await videos.list(ownerId(res), req.query));
    })
    .get('/api/videos/:id', authenticated, async (req, res) => {
      res.json(await videos.get(ownerId(res), pathParam(req, 'id')));
    })
    .delete('/api/videos/:id', authenticated, async (req, res) => {
      await videos.delete(ownerId(res), pathParam(req, 'id'));
      res.status(204).end();
    })
    .get('/api/videos/:id/renditions/:preset', authenticated, async (req, res) => {
      await sendStoredFile(req, res, await videos.openRendition(ownerId(res), pathParam(req, 'id'), pathParam(req, 'preset')));
    })
    .get('/api/videos/:id/renditions/hls/*path', authenticated, async (req, res) => {
      await sendStoredFile(req, res, await videos.openHlsFile(ownerId(res), pathParam(req, 'id'), pathParam(req, 'path')));
    });
}
