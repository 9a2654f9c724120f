import { Router } from 'express';
import type { MigrationProgress } from '../progress/migration-progress';

/** The architects' answers under /_strangler/api: where the migration stands, and what it costs. Mounted behind requireAdmin. */
export function progressRoutes(progress: Pick<MigrationProgress, 'report' | 'cost'>): Router {
  return Router()
    .get('/progress', async (_req, res) => {
      res.json(await progress.report());
    })
    .get('/cost', async (_req, res) => {
      res.json(await progress.cost());
    });
}
