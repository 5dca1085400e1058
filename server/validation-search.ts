import { z } from 'zod';

/** The agents' search (`GET /api/v1/agent/search`). Strict: an unknown parameter is an error. */
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_LIMIT_MAX = 50;

export const searchSchema = z.strictObject({
  q: z.string().min(1).max(SEARCH_QUERY_MAX).refine((text) => text.trim().length > 0, 'must not be blank'),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).regex(/^[\w-]+$/, 'a cursor from the previous page').optional(),
});
