import { Router } from 'express';
import type { Database } from '../../db/client';
import { checkReadiness } from '../services/system';

/** `/healthz`: the process is alive. `/readyz`: it can serve (database reachable, migrations applied). */
export function healthRoutes(database: Database) {
  const routes = Router();
  routes.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  routes.get('/readyz', async (req, res) => {
    res.set('cache-control', 'no-store');
    try {
      const readiness = await checkReadiness(database);
      res
        .status(readiness.isReady ? 200 : 503)
        .json({ status: readiness.isReady ? 'ok' : 'migrations pending', ...readiness });
    } catch (err) {
      req.log.error({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable', database: database.kind, isReady: false });
    }
  });
  return routes;
}
