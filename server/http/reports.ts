import { Router } from 'express';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import { reportQuerySchema } from '../validation-reports.js';

/**
 * `GET /reports` under `/api/v1/agent` (mounted after the agent's authentication): the report
 * as JSON, or as CSV for `Accept: text/csv` or `?format=csv`; `GET /reports/channels` for its picker.
 */
export function reportsRouter(services: Services): Router {
  const router = Router();
  router.get('/reports', async (req, res) => {
    const { format, ...query } = parse(reportQuerySchema, req.query);
    const report = await services.reports.get(query);
    res.vary('Accept');
    const csv = format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(report);
      return;
    }
    res.attachment(services.reports.fileName(report));
    res.type('text/csv; charset=utf-8').send(services.reports.csv(report));
  });
  // What the report's channel picker offers (agents do not read the admin API's channel list).
  router.get('/reports/channels', async (_req, res) => {
    res.json({ data: await services.reports.channels(), hasMore: false });
  });
  return router;
}
