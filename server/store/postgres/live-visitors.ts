import type { LiveVisitorFacts, VisitStart } from '../live-visitor-store.js';
import { factsSql, toFacts, toVisitStart, visitArrivedSql, type FactsRow } from '../visit-rows.js';
import { all, one, type Queryable } from './db.js';

/** Visits of connected visitors and what the live visitors view shows of them (see live-visitor-store.ts). */

export async function visitorArrived(db: Queryable, visitorId: string, now: string, gapMs: number): Promise<VisitStart | null> {
  const cutoff = new Date(Date.parse(now) - gapMs).toISOString();
  const row = await one<Parameters<typeof toVisitStart>[0]>(db, visitArrivedSql('$1', '$2', '$3', 'TRUE'), [now, cutoff, visitorId]);
  return row ? toVisitStart(row) : null;
}

export async function visitorSeen(db: Queryable, visitorId: string, now: string): Promise<void> {
  await one(db, 'UPDATE visitors SET last_seen_at = $1 WHERE id = $2', [now, visitorId]);
}

export async function liveVisitorFacts(db: Queryable, visitorIds: string[]): Promise<LiveVisitorFacts[]> {
  if (!visitorIds.length) return [];
  return (await all<FactsRow>(db, factsSql('SELECT unnest($1::text[])'), [visitorIds])).map(toFacts);
}
