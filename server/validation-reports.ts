import { z } from 'zod';

/** The query of `GET /api/v1/agent/reports` (DESIGN.md §12). The period's own rules (order, span) are the service's. */

const MOMENT = 'an ISO 8601 date (2026-12-01) or date-time with an offset (2026-12-01T09:00:00Z)';
const moment = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: MOMENT });

/** An IANA time zone the runtime knows (`Europe/Paris`, `UTC`). */
const timeZone = z.string().min(1).max(64).refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Paris');

export const reportQuerySchema = z.strictObject({
  from: moment.optional(),
  to: moment.optional(),
  channel: z.string().min(1).max(64).optional(),
  tz: timeZone.default('UTC'),
  /** `csv` answers `text/csv` whatever the `Accept` header says (a plain link can download it). */
  format: z.enum(['json', 'csv']).optional(),
});
export type ReportQueryInput = z.output<typeof reportQuerySchema>;
