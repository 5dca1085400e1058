import type { VisitorProfile } from '../../src/protocol.js';
import type { LiveVisitorFacts, VisitStart } from './live-visitor-store.js';

/**
 * The visit rule of `LiveVisitorStore.visitorArrived`, as one UPDATE both engines run (`?` or
 * `$n` placeholders filled by the caller): every expression reads the row as it was before it.
 * Parameters: now, cutoff (now − gap), visitor id.
 */
export const visitArrivedSql = (now: string, cutoff: string, id: string, truthy: string) => `
  UPDATE visitors SET
    visit_started_at = CASE WHEN last_seen_at >= ${cutoff} AND visit_started_at IS NOT NULL THEN visit_started_at ELSE ${now} END,
    visit_returning = CASE WHEN last_seen_at >= ${cutoff} AND visit_started_at IS NOT NULL THEN visit_returning
                           ELSE (last_seen_at IS NOT NULL OR created_at < ${cutoff}) END,
    last_seen_at = ${now}
  WHERE id = ${id}
  RETURNING visit_started_at, visit_returning = ${truthy} AS is_returning`;

export interface FactsRow {
  id: string;
  profile: string | VisitorProfile;
  open_count: number | string;
  total_count: number | string;
}

export const toVisitStart = (row: { visit_started_at: string; is_returning: boolean | number }): VisitStart => ({
  startedAt: row.visit_started_at,
  returning: Boolean(row.is_returning),
});

export function toFacts(row: FactsRow): LiveVisitorFacts {
  const profile = (typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile) as VisitorProfile;
  return {
    visitorId: row.id,
    ...(profile.name ? { name: profile.name } : {}),
    ...(profile.email ? { email: profile.email } : {}),
    openConversations: Number(row.open_count),
    totalConversations: Number(row.total_count),
  };
}

/** The counts per visitor, over the ids the engine's `ids` expression yields. */
export const factsSql = (ids: string) => `
  SELECT v.id, v.profile,
    (SELECT COUNT(*) FROM conversations c WHERE c.visitor_id = v.id AND c.status = 'open') AS open_count,
    (SELECT COUNT(*) FROM conversations c WHERE c.visitor_id = v.id) AS total_count
  FROM visitors v WHERE v.id IN (${ids})`;
