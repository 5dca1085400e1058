import type { LiveVisitorFacts, VisitStart } from '../live-visitor-store.js';
import { factsSql, toFacts, toVisitStart, visitArrivedSql, type FactsRow } from '../visit-rows.js';
import type { Connection } from './db.js';

/** Visits of connected visitors and what the live visitors view shows of them (see live-visitor-store.ts). */

export function visitorArrived(db: Connection, visitorId: string, now: string, gapMs: number): VisitStart | null {
  const cutoff = new Date(Date.parse(now) - gapMs).toISOString();
  const row = db.sql(visitArrivedSql('@now', '@cutoff', '@id', '1')).get({ now, cutoff, id: visitorId }) as Parameters<typeof toVisitStart>[0] | undefined;
  return row ? toVisitStart(row) : null;
}

export function visitorSeen(db: Connection, visitorId: string, now: string): void {
  db.sql('UPDATE visitors SET last_seen_at = ? WHERE id = ?').run(now, visitorId);
}

export function liveVisitorFacts(db: Connection, visitorIds: string[]): LiveVisitorFacts[] {
  if (!visitorIds.length) return [];
  const rows = db.sql(factsSql('SELECT value FROM json_each(?)')).all(JSON.stringify(visitorIds)) as FactsRow[];
  return rows.map(toFacts);
}
